#!/usr/bin/env python3
"""Machine-code audit of declared work: the disassembly must do what the backends claim.

Reads the claims the backends make about their compiled kernels (the JSON printed by
build/tests/ridgeline_machine_code_claims, produced next to the launch code; see
src/backends/backend.hpp MachineCodeClaim), disassembles the backends' objects (CUDA:
cuobjdump -sass per cubin; HIP: the HIP compiler's llvm-objdump on each target's code
object of the .hip_fatbin bundle; CPU: objdump -d) and, for every claim and architecture:

- finds the functions whose demangled name matches the claim's symbol (none: FAIL);
- compute and matrix kernels: finds the timed loop (the innermost loop, closed by a
  backward branch, holding the dtype's work-carrying instructions; the one doing most
  work) and requires its instructions x work per instruction (lanes; m*n*k / threads for
  matrix instructions) to equal multiply_adds_per_iteration exactly, its body to be
  straight-line and free of memory accesses, and, where min_issue_efficiency is set,
  work-carrying instructions / all instructions of the loop to reach it. A matrix loop
  with vector floating-point arithmetic in it (an FFMA fallback) fails;
- memory kernels: every global load and store of the main loop (the first innermost
  loop with global accesses) must move access_bytes;
- no function of any GPU object uses local/scratch memory (LDL/STL; scratch_ or buffer_
  instructions, .private_segment_fixed_size or spill counts > 0 in the AMDGPU metadata).

Prints a table (kernel x dtype x architecture: declared vs executed work per iteration,
loop efficiency, verdict) and one line per failure.

Exit status: 0 every check passed, 1 a check failed, 2 bad usage, 77 a disassembler is
missing (skipped). With --require-tools or RIDGELINE_REQUIRE_AUDIT=1 (CI) a missing
disassembler is a failure instead.
"""
import argparse
import collections
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from typing import Optional

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_mfma  # noqa: E402  (code objects from a .hip_fatbin bundle)
import check_sass  # noqa: E402  (where cuobjdump is)

SKIP = 77
USAGE = 2
ME = "audit_machine_code"
# A marker line the audit writes before each listing it assembles (HIP code objects, CPU
# objects), naming the architecture and the object; SASS listings carry their own
# "arch = sm_80" / "code for sm_80" lines.
_TARGET_MARK = re.compile(r"^; ridgeline-audit target (\S+)(?: (.*))?$")


class UsageError(Exception):
    pass


class ToolMissing(Exception):
    pass


@dataclass
class Insn:
    address: int
    opcode: str  # mnemonic with its modifiers: "HFMA2.MMA", "vfmadd231ps", "v_pk_fma_f32"
    operands: str
    target: Optional[int] = None  # branch target, where the instruction branches
    branch: bool = False


@dataclass
class Function:
    arch: str
    mangled: str
    source: str = ""
    insns: list = field(default_factory=list)
    name: str = ""  # demangled, "> >" written ">>"
    scratch_bytes: int = 0  # AMDGPU metadata: private segment, spills
    spills: int = 0


@dataclass
class Work:
    kind: str  # "fused" multiply-add, or the "mul" / "add" half of one (no fused op)
    lanes: float  # multiply-adds (or halves) per thread per instruction


def operand_list(operands):
    return [o.strip() for o in operands.split(",")]


# ---------------------------------------------------------------------------- SASS
class Sass:
    """NVIDIA SASS as cuobjdump -sass prints it; work per thread of the warp."""

    name = "SASS"
    _ARCH = re.compile(r"^\s*(?:arch = |code for )(sm_\w+)")
    _FUNCTION = re.compile(r"^\s*Function : (\S+)")
    _INSN = re.compile(
        r"/\*([0-9a-f]{4,})\*/\s+(?:@!?U?P[T0-9]+\s+)?([A-Z][A-Za-z0-9_.]*)\s*([^;]*);")
    _BRANCHES = {"BRA", "BRX", "JMP", "JMX", "CALL", "RET", "EXIT", "BREAK", "BRK", "CONT"}
    _TARGETED = {"BRA", "JMP", "CALL"}
    _FMA_CLASS = {"FFMA", "FFMA2", "DFMA", "HFMA2", "IMAD"}
    _VECTOR_FLOAT = {"FFMA", "FFMA2", "FADD", "FADD2", "FMUL", "FMUL2", "DFMA", "DADD", "DMUL",
                     "HFMA2", "HADD2", "HMUL2"}
    _GLOBAL = {"LDG", "STG", "LD", "ST"}
    _MEMORY = _GLOBAL | {"LDL", "STL", "LDS", "STS", "LDSM", "ATOM", "ATOMG", "ATOMS", "RED",
                         "LDGSTS"}
    _MMA = re.compile(r"^([HIQD])MMA$")
    _GMMA = re.compile(r"^([HIQ])GMMA$")
    _MMA_SHAPE = re.compile(r"^(16|8)(8)(\d+)$")  # 16816 = m16n8k16, 884 = m8n8k4
    _GMMA_SHAPE = re.compile(r"^(\d+)x(\d+)x(\d+)$")
    _INT_NOT_MAD = {"MOV", "SHL", "IADD", "WIDE", "HI", "X"}

    def parse(self, text, source=""):
        functions, arch, current = [], None, None
        for line in text.splitlines():
            m = self._ARCH.match(line)
            if m:
                arch, current = m.group(1), None
                continue
            m = self._FUNCTION.match(line)
            if m:
                current = Function(arch or "?", m.group(1), source)
                functions.append(current)
                continue
            if current is None:
                continue
            m = self._INSN.search(line)
            if not m:
                continue
            opcode, operands = m.group(2), m.group(3).strip()
            base = opcode.split(".")[0]
            insn = Insn(int(m.group(1), 16), opcode, operands)
            if base in self._BRANCHES:
                insn.branch = True
                t = re.findall(r"\b0x([0-9a-f]+)\b", operands)
                if base in self._TARGETED and t:
                    insn.target = int(t[-1], 16)
            current.insns.append(insn)
        return functions

    @staticmethod
    def _split(insn):
        parts = insn.opcode.split(".")
        return parts[0], set(parts[1:])

    def _moves(self, insn):
        """An FMA-class instruction with a zero multiplicand is a move (HFMA2.MMA R3, -RZ,
        RZ, 0, 0; IMAD R3, RZ, RZ, UR5)."""
        ops = operand_list(insn.operands)
        return len(ops) >= 3 and any(o.lstrip("-|").startswith("RZ") for o in ops[1:3])

    def vector_work(self, insn, dtype):
        base, mods = self._split(insn)
        if dtype == "int8" and base == "IDP" and "4A" in mods:  # dp4a: 4 int8 products
            return Work("fused", 4)
        if base not in self._FMA_CLASS or self._moves(insn):
            return None
        bf16 = bool(mods & {"BF16", "BF16_V2"})
        if dtype == "fp64" and base == "DFMA":
            return Work("fused", 1)
        if dtype == "fp32" and base in ("FFMA", "FFMA2"):
            return Work("fused", 2 if base == "FFMA2" else 1)
        if dtype == "fp16" and base == "HFMA2" and not bf16:
            return Work("fused", 2)
        if dtype == "bf16" and base == "HFMA2" and bf16:
            return Work("fused", 2)
        if dtype == "int32" and base == "IMAD" and not mods & self._INT_NOT_MAD:
            return Work("fused", 1)
        return None

    @staticmethod
    def _matrix_type_ok(kind, mods, dtype):
        floats = {"BF16", "TF32", "E4M3", "E5M2", "E2M1", "E3M2", "E2M3"}
        if dtype == "fp16":
            return kind == "H" and not mods & floats
        if dtype == "bf16":
            return kind == "H" and "BF16" in mods
        if dtype == "tf32":
            return kind == "H" and "TF32" in mods
        if dtype == "int8":
            return kind == "I" and bool(mods & {"S8", "U8"})
        if dtype == "fp8_e4m3":
            return kind == "Q" and "E4M3" in mods
        if dtype == "fp8_e5m2":
            return kind == "Q" and "E5M2" in mods
        if dtype == "fp64":
            return kind == "D"
        return False

    def matrix_work(self, insn, dtype):
        parts = insn.opcode.split(".")
        if len(parts) < 2:
            return None
        mods = set(parts[2:])
        m = self._MMA.match(parts[0])
        if m:
            s = self._MMA_SHAPE.match(parts[1])
            if s and self._matrix_type_ok(m.group(1), mods, dtype):
                return Work("fused", int(s.group(1)) * int(s.group(2)) * int(s.group(3)) / 32)
            return None
        m = self._GMMA.match(parts[0])
        if m:
            s = self._GMMA_SHAPE.match(parts[1])
            if s and self._matrix_type_ok(m.group(1), mods, dtype):
                return Work("fused", int(s.group(1)) * int(s.group(2)) * int(s.group(3)) / 128)
        return None

    def matrix_instruction(self, insn):
        base = insn.opcode.split(".")[0]
        return bool(self._MMA.match(base) or self._GMMA.match(base))

    def vector_float(self, insn):
        base, _ = self._split(insn)
        return base in self._VECTOR_FLOAT and not (base in self._FMA_CLASS and self._moves(insn))

    def global_bytes(self, insn):
        base, mods = self._split(insn)
        if base not in self._GLOBAL:
            return None
        for token, size in (("256", 32), ("128", 16), ("64", 8), ("U16", 2), ("S16", 2),
                            ("U8", 1), ("S8", 1)):
            if token in mods:
                return size
        return 4

    def memory(self, insn):
        return self._split(insn)[0] in self._MEMORY

    def spill(self, insn):
        return self._split(insn)[0] in ("LDL", "STL")


# -------------------------------------------------------------------------- AMDGPU
class Amdgpu:
    """AMDGPU (CDNA) code as llvm-objdump -d prints it, with the code object's metadata
    notes (llvm-readelf --notes) after it; work per lane of the 64-wide wavefront."""

    name = "AMDGPU"
    _FUNCTION = re.compile(r"^([0-9a-f]+) <(.+)>:$")
    _INSN = re.compile(r"^\s+([a-z_][a-z0-9_]*)\b(.*?)\s*//\s*([0-9A-Fa-f]+):(.*)$")
    _TARGET = re.compile(r"<.*?(?:\+0x([0-9a-f]+))?>\s*$")
    _KERNEL_ENTRY = re.compile(r"^  (- |  )\.([a-z_]+):\s*(.*?)\s*$")
    _SUFFIX = re.compile(r"_(e32|e64|dpp|sdwa|e64_dpp|e64_dpp8)$")
    _MFMA = re.compile(r"^v_mfma_([a-z0-9]+)_(\d+)x(\d+)x(\d+)(?:_(\d+)b)?_?([a-z0-9_]+)$")
    # Old (CDNA1/2) spellings of the multi-block MFMAs: (m, n, k, input) -> blocks.
    _LEGACY_BLOCKS = {(32, 32, 1, "f32"): 2, (16, 16, 1, "f32"): 4, (4, 4, 1, "f32"): 16,
                      (32, 32, 4, "f16"): 2, (16, 16, 4, "f16"): 4, (4, 4, 4, "f16"): 16,
                      (32, 32, 4, "i8"): 2, (16, 16, 4, "i8"): 4, (4, 4, 4, "i8"): 16,
                      (32, 32, 2, "bf16"): 2, (16, 16, 2, "bf16"): 4, (4, 4, 2, "bf16"): 16,
                      (32, 32, 4, "bf16_1k"): 2, (16, 16, 4, "bf16_1k"): 4,
                      (4, 4, 4, "bf16_1k"): 16}
    _MFMA_INPUT = {"fp32": ("f32",), "fp16": ("f16",), "bf16": ("bf16", "bf16_1k"),
                   "int8": ("i8",), "tf32": ("xf32",), "fp8_e4m3": ("fp8_fp8",),
                   "fp8_e5m2": ("bf8_bf8",)}
    _VECTOR_FLOAT = re.compile(
        r"^v_(pk_)?(fma|fmac|mac|mad|add|sub|subrev|mul|fmaak|fmamk)_(f16|f32|f64|bf16)$")
    _GLOBAL = re.compile(r"^(global|flat)_(load|store)_([a-z0-9]+)")
    _WIDTH = {"dword": 4, "dwordx2": 8, "dwordx3": 12, "dwordx4": 16, "ubyte": 1, "sbyte": 1,
              "byte": 1, "ushort": 2, "sshort": 2, "short": 2, "b8": 1, "u8": 1, "i8": 1,
              "b16": 2, "u16": 2, "i16": 2, "b32": 4, "b64": 8, "b96": 12, "b128": 16}

    def parse(self, text, source=""):
        functions, arch, src, current = [], "?", source, None
        start = 0
        meta, in_kernels, entry = {}, False, None
        for line in text.splitlines():
            m = _TARGET_MARK.match(line)
            if m:
                arch, src, current, in_kernels = m.group(1), m.group(2) or source, None, False
                continue
            m = self._FUNCTION.match(line)
            if m:
                start = int(m.group(1), 16)
                current = Function(arch, m.group(2), src)
                functions.append(current)
                continue
            if line.startswith("amdhsa.kernels:"):
                in_kernels, current = True, None
                continue
            if in_kernels:
                m = self._KERNEL_ENTRY.match(line)
                if m:
                    if m.group(1) == "- ":
                        entry = {}
                    if entry is not None:
                        entry[m.group(2)] = m.group(3)
                        if m.group(2) == "name":
                            meta[(arch, m.group(3))] = entry
                elif line and not line.startswith("   "):
                    in_kernels = line.startswith("  ")
                continue
            if current is None:
                continue
            m = self._INSN.match(line)
            if not m:
                continue
            opcode, operands = m.group(1), m.group(2).strip()
            insn = Insn(int(m.group(3), 16), opcode, operands)
            if opcode.startswith("s_branch") or opcode.startswith("s_cbranch") or \
                    opcode in ("s_setpc_b64", "s_endpgm"):
                insn.branch = True
                t = self._TARGET.search(m.group(4))
                if t and opcode != "s_endpgm":
                    insn.target = start + int(t.group(1) or "0", 16)
            current.insns.append(insn)
        for f in functions:
            entry = meta.get((f.arch, f.mangled))
            if entry:
                f.scratch_bytes = int(entry.get("private_segment_fixed_size", "0") or 0)
                f.spills = sum(int(entry.get(k, "0") or 0)
                               for k in ("sgpr_spill_count", "vgpr_spill_count"))
        return functions

    def _mnemonic(self, insn):
        return self._SUFFIX.sub("", insn.opcode)

    def vector_work(self, insn, dtype):
        op = self._mnemonic(insn)
        fused = {
            "fp64": {"v_fma_f64": 1, "v_fmac_f64": 1},
            "fp32": {"v_fma_f32": 1, "v_fmac_f32": 1, "v_fmaak_f32": 1, "v_fmamk_f32": 1,
                     "v_pk_fma_f32": 2},
            "fp16": {"v_fma_f16": 1, "v_fmac_f16": 1, "v_pk_fma_f16": 2, "v_pk_fmac_f16": 2},
            "bf16": {"v_fma_bf16": 1, "v_pk_fma_bf16": 2},
            "int32": {"v_mad_u32": 1, "v_mad_u64_u32": 1, "v_mad_i64_i32": 1},
            "int8": {"v_dot4_i32_i8": 4, "v_dot4c_i32_i8": 4, "v_dot4_i32_iu8": 4},
        }.get(dtype, {})
        if op in fused:
            return Work("fused", fused[op])
        if dtype == "int32" and op in ("v_mul_lo_u32", "v_mul_lo_i32"):
            return Work("mul", 1)
        if dtype == "int32" and op in ("v_add_u32", "v_add_nc_u32", "v_add_co_u32", "v_add_i32"):
            return Work("add", 1)
        return None

    def _mfma(self, insn):
        m = self._MFMA.match(self._mnemonic(insn))
        if not m:
            return None
        mm, nn, kk = int(m.group(2)), int(m.group(3)), int(m.group(4))
        source = m.group(6)
        blocks = int(m.group(5)) if m.group(5) else self._LEGACY_BLOCKS.get((mm, nn, kk, source), 1)
        return mm * nn * kk * blocks, source

    def matrix_work(self, insn, dtype):
        found = self._mfma(insn)
        if found and found[1] in self._MFMA_INPUT.get(dtype, ()):
            return Work("fused", found[0] / 64)
        return None

    def matrix_instruction(self, insn):
        return self._mfma(insn) is not None

    def vector_float(self, insn):
        return bool(self._VECTOR_FLOAT.match(self._mnemonic(insn)))

    def global_bytes(self, insn):
        m = self._GLOBAL.match(insn.opcode)
        if not m:
            return None
        return self._WIDTH.get(m.group(3), 4)

    def memory(self, insn):
        return insn.opcode.startswith(("global_", "flat_", "buffer_", "scratch_", "ds_"))

    def spill(self, insn):
        return insn.opcode.startswith(("scratch_", "buffer_"))


# --------------------------------------------------------------------------- x86-64
class X86:
    """x86-64 as GNU objdump -d --no-show-raw-insn prints it (AT&T syntax); work per
    thread with all its SIMD lanes."""

    name = "x86-64"
    _FUNCTION = re.compile(r"^([0-9a-f]+) <(.+)>:$")
    _INSN = re.compile(r"^\s*([0-9a-f]+):\s+(.*?)\s*$")
    _PREFIXES = {"rep", "repz", "repnz", "repe", "repne", "lock", "notrack", "bnd", "data16",
                 "cs", "ds"}
    _FMA = re.compile(r"^vf(?:n?madd|n?msub|maddsub|msubadd)(?:132|213|231)(ps|pd|ss|sd)$")
    _FILE = re.compile(r"^(\S+):\s+file format (\S+)")

    @staticmethod
    def _vector_bytes(operands):
        for reg, size in (("%zmm", 64), ("%ymm", 32), ("%xmm", 16)):
            if reg in operands:
                return size
        return 0

    def parse(self, text, source=""):
        functions, arch, src, current = [], "x86_64", source, None
        for line in text.splitlines():
            m = _TARGET_MARK.match(line)
            if m:
                arch, src, current = m.group(1), m.group(2) or source, None
                continue
            m = self._FILE.match(line)
            if m:
                src, current = m.group(1), None
                continue
            m = self._FUNCTION.match(line)
            if m:
                current = Function(arch, m.group(2), src)
                functions.append(current)
                continue
            if current is None:
                continue
            m = self._INSN.match(line)
            if not m:
                continue
            words = m.group(2).split(None, 1)
            while words and words[0] in self._PREFIXES and len(words) > 1:
                words = words[1].split(None, 1)
            if not words:
                continue
            opcode, operands = words[0], (words[1] if len(words) > 1 else "")
            insn = Insn(int(m.group(1), 16), opcode, operands)
            if opcode.startswith("j") or opcode.startswith("loop"):
                insn.branch = True
                t = re.match(r"^([0-9a-f]+)\b", operands)
                if t:
                    insn.target = int(t.group(1), 16)
            current.insns.append(insn)
        return functions

    def vector_work(self, insn, dtype):
        m = self._FMA.match(insn.opcode)
        if m:
            suffix = m.group(1)
            element = 4 if suffix[1] == "s" else 8
            if (dtype == "fp32") != (element == 4) or dtype not in ("fp32", "fp64"):
                return None
            if suffix[0] == "s":
                return Work("fused", 1)
            return Work("fused", self._vector_bytes(insn.operands) // element)
        if dtype == "int32" and insn.opcode in ("vpmulld", "pmulld"):
            return Work("mul", max(self._vector_bytes(insn.operands) // 4, 1))
        if dtype == "int32" and insn.opcode in ("vpaddd", "paddd"):
            return Work("add", max(self._vector_bytes(insn.operands) // 4, 1))
        return None

    def matrix_work(self, insn, dtype):
        return None

    def matrix_instruction(self, insn):
        return False

    def vector_float(self, insn):
        return bool(self._FMA.match(insn.opcode))

    def global_bytes(self, insn):
        return None

    def memory(self, insn):
        if insn.branch or insn.opcode.startswith(("nop", "lea", "call")):
            return False
        return "(" in insn.operands.split("#")[0].split("<")[0]

    def spill(self, insn):
        return False  # host code keeps a stack; its timed loop is checked for memory instead


ISAS = {"cuda": Sass(), "hip": Amdgpu(), "cpu": X86()}


# ------------------------------------------------------------------------- analysis
@dataclass
class Loop:
    start: int
    end: int
    insns: list
    works: list  # Work per instruction (None where it carries none)


def loops_of(function):
    """Every loop closed by a backward branch: (first address, branch address)."""
    out = []
    first = function.insns[0].address if function.insns else 0
    for insn in function.insns:
        # A branch before the function's first instruction leaves it (a relocated tail call).
        if insn.branch and insn.target is not None and first <= insn.target <= insn.address:
            body = [i for i in function.insns if insn.target <= i.address <= insn.address]
            out.append((insn.target, insn.address, body))
    return out


def innermost(candidates):
    """Loops of `candidates` that contain no other candidate."""
    keep = []
    for c in candidates:
        if not any(o is not c and c.start <= o.start and o.end <= c.end and
                   (o.start, o.end) != (c.start, c.end) for o in candidates):
            keep.append(c)
    return keep


def executed(works):
    """Multiply-adds per iteration: fused lanes, plus paired multiply and add halves."""
    fused = sum(w.lanes for w in works if w and w.kind == "fused")
    mul = sum(w.lanes for w in works if w and w.kind == "mul")
    add = sum(w.lanes for w in works if w and w.kind == "add")
    return fused + min(mul, add)


def carrying(works):
    """Work-carrying instructions: fused ones, and multiply/add halves that pair up."""
    fused = sum(1 for w in works if w and w.kind == "fused")
    mul = sum(1 for w in works if w and w.kind == "mul")
    add = sum(1 for w in works if w and w.kind == "add")
    return fused + 2 * min(mul, add)


@dataclass
class Result:
    """One function's audit against one claim."""
    function: Function
    loop: Optional[Loop] = None
    executed: Optional[float] = None
    efficiency: Optional[float] = None
    accesses: Optional[collections.Counter] = None
    problems: list = field(default_factory=list)


def work_of(isa, family, dtype):
    """The work-carrying instructions of a family: matrix ones, or vector ones."""
    if family == "matrix":
        return lambda insn: isa.matrix_work(insn, dtype)
    return lambda insn: isa.vector_work(insn, dtype)


def audit_compute(isa, claim, function):
    r = Result(function)
    family = claim["family"]
    work = work_of(isa, family, claim["dtype"])
    candidates = []
    for start, end, body in loops_of(function):
        works = [work(i) for i in body]
        if any(works):
            candidates.append(Loop(start, end, body, works))
    loops = innermost(candidates)
    if not loops:
        total = sum(1 for i in function.insns if work(i))
        common = summary(collections.Counter(i.opcode for i in function.insns), 4)
        r.problems.append(f"no loop with {claim['dtype']} work-carrying instructions "
                          f"({total} in the whole function; most frequent: {common})")
        return r
    loop = max(loops, key=lambda lp: (executed(lp.works), -lp.start))
    r.loop = loop
    r.executed = executed(loop.works)
    r.efficiency = carrying(loop.works) / len(loop.insns)
    declared = claim["multiply_adds_per_iteration"]
    if r.executed != declared:
        r.problems.append(f"executes {fmt(r.executed)} multiply-adds per iteration, declared "
                          f"{fmt(declared)} (ratio {r.executed / declared:.3g})"
                          if declared else "declares no work")
    minimum = claim["min_issue_efficiency"]
    if minimum and r.efficiency < minimum:
        r.problems.append(f"loop efficiency {r.efficiency:.1%} < {minimum:.0%}: "
                          f"{carrying(loop.works)} work-carrying of {len(loop.insns)} "
                          f"instructions; others: {others(loop)}")
    inside = [i for i in loop.insns if i.branch and i.target is not None and
              loop.start < i.target <= loop.end and i.address != loop.end]
    if inside:
        r.problems.append(f"loop body branches inside itself at "
                          f"{', '.join(hex(i.address) for i in inside)}: per-iteration "
                          f"count is ambiguous")
    memory = [i.opcode for i in loop.insns if isa.memory(i)]
    if memory:
        r.problems.append(f"memory access in the register-resident loop: "
                          f"{summary(collections.Counter(memory))}")
    if family == "matrix":
        fallback = [i.opcode for i in loop.insns if isa.vector_float(i)]
        if fallback:
            r.problems.append(f"vector floating-point arithmetic in the matrix loop "
                              f"(fallback): {summary(collections.Counter(fallback))}")
        stray = [i.opcode for i, w in zip(loop.insns, loop.works)
                 if not w and isa.matrix_instruction(i)]
        if stray:
            r.problems.append(f"matrix instructions of another type in the loop: "
                              f"{summary(collections.Counter(stray))}")
    return r


def audit_memory(isa, claim, function):
    r = Result(function)
    candidates = []
    for start, end, body in loops_of(function):
        works = [isa.global_bytes(i) for i in body]
        if any(w is not None for w in works):
            candidates.append(Loop(start, end, body, works))
    loops = innermost(candidates)
    if not loops:
        r.problems.append("no loop with global loads or stores")
        return r
    loop = min(loops, key=lambda lp: lp.start)  # the main loop comes first in the code
    r.loop = loop
    r.accesses = collections.Counter(
        ("ld" if i.opcode.startswith("LD") or "_load_" in i.opcode else "st", b)
        for i, b in zip(loop.insns, loop.works) if b is not None)
    want = claim["access_bytes"]
    wrong = [(i, b) for i, b in zip(loop.insns, loop.works) if b is not None and b != want]
    if wrong:
        r.problems.append(f"main loop accesses of other widths than {want} B: " + ", ".join(
            f"{i.opcode} ({b} B) at {hex(i.address)}" for i, b in wrong[:6]) +
            (f" and {len(wrong) - 6} more" if len(wrong) > 6 else ""))
    return r


def others(loop):
    c = collections.Counter(i.opcode for i, w in zip(loop.insns, loop.works) if not w)
    return summary(c)


def summary(counter, most=6):
    return ", ".join(f"{n} x {op}" for op, n in counter.most_common(most)) or "none"


def fmt(x):
    return "-" if x is None else (f"{x:g}")


def spill_problems(isa, functions):
    out = []
    for f in functions:
        used = collections.Counter(i.opcode for i in f.insns if isa.spill(i))
        why = []
        if used:
            why.append(summary(used))
        if f.scratch_bytes:
            why.append(f"private segment {f.scratch_bytes} B")
        if f.spills:
            why.append(f"{f.spills} spilled registers")
        if why:
            out.append(f"{f.arch} {short(f.name)} ({os.path.basename(f.source)}): spills or uses "
                       f"local/scratch memory: {'; '.join(why)}")
    return out


def short(name):
    """A demangled name without namespaces, return type and parameters, for messages."""
    name = re.sub(r"\bridgeline::(?:\w+::)*(?:\(anonymous namespace\)::)?", "", name)
    name = re.sub(r"\(anonymous namespace\)::", "", name)
    depth, cut = 0, len(name)
    for i in range(len(name) - 1, -1, -1):  # the parameter list: the last top-level (...)
        if name[i] == ")":
            depth += 1
        elif name[i] == "(":
            depth -= 1
            if depth == 0:
                cut = i
                break
    name = name[:cut]
    return re.sub(r"^(?:void|double|float|int) ", "", name)


def normalise(name):
    while "> >" in name:
        name = name.replace("> >", ">>")
    return name


def demangle(functions, cxxfilt):
    names = sorted({f.mangled for f in functions})
    if names and cxxfilt:
        out = subprocess.run([cxxfilt], input="\n".join(names) + "\n", capture_output=True,
                             text=True, check=True).stdout.splitlines()
        table = dict(zip(names, out))
    else:
        table = {n: n for n in names}
    for f in functions:
        f.name = normalise(table.get(f.mangled, f.mangled))


@dataclass
class Row:
    backend: str
    kernel: str
    dtype: str
    arch: str
    functions: int = 0
    declared: str = "-"
    executed: str = "-"
    instructions: str = "-"
    efficiency: str = "-"
    required: str = "-"
    verdict: str = "PASS"


def span(values, show):
    values = sorted(set(values))
    if not values:
        return "-"
    return show(values[0]) if len(values) == 1 else f"{show(values[0])}..{show(values[-1])}"


def audit(claims, listings):
    """claims: the tool's JSON objects; listings: {backend: [Function]} (demangled).
    Returns (rows, failures, notes)."""
    rows, failures, notes = [], [], []
    claimed = set()
    for claim in claims:
        backend = claim["backend"]
        if backend not in listings:
            continue
        isa = ISAS[backend]
        family = claim.get("family", "")
        label = f"{backend} {claim['kernel']}/{claim['dtype']}"
        if not claim["architectures"]:
            notes.append(f"{label}: planned on none of the architectures built; nothing to audit")
            continue
        try:
            pattern = re.compile(claim["symbol"])
        except re.error as e:
            failures.append(f"{label}: symbol /{claim['symbol']}/ is not a regex: {e}")
            continue
        memory = claim["access_bytes"] > 0
        if not memory and family not in ("compute", "matrix"):
            failures.append(f"{label}: family '{family}' is not one the audit knows "
                            f"(compute, matrix, memory)")
            continue
        for arch in claim["architectures"]:
            row = Row(backend, claim["kernel"], claim["dtype"], arch)
            rows.append(row)
            present = [f for f in listings[backend] if f.arch == arch]
            matches = [f for f in present if pattern.search(f.name)]
            claimed.update(id(f) for f in matches)
            row.functions = len(matches)
            if memory:
                row.declared = f"{claim['access_bytes']} B"
            else:
                row.declared = fmt(claim["multiply_adds_per_iteration"])
                if claim["min_issue_efficiency"]:
                    row.required = f">= {claim['min_issue_efficiency']:.0%}"
            if not matches:
                row.verdict = "FAIL"
                where = f"the {arch} code" if present else f"the objects (no {arch} code at all)"
                failures.append(f"{label} {arch}: no function matching /{claim['symbol']}/ "
                                f"in {where}")
                continue
            results = [(audit_memory if memory else audit_compute)(isa, claim, f)
                       for f in matches]
            loops = [r.loop for r in results if r.loop]
            row.instructions = span([len(lp.insns) for lp in loops], str)
            if memory:
                total = collections.Counter()
                for r in results:
                    total.update(r.accesses or {})
                row.executed = ", ".join(
                    " + ".join(f"{total[(k, b)]} {k}" for k in ("ld", "st") if total[(k, b)]) +
                    f" x {b} B" for b in sorted({b for _, b in total})) or "-"
            else:
                row.executed = span([r.executed for r in results if r.executed is not None], fmt)
                row.efficiency = span([r.efficiency for r in results if r.efficiency is not None],
                                      lambda e: f"{e:.1%}")
            for r in results:
                for p in r.problems:
                    row.verdict = "FAIL"
                    failures.append(f"{label} {arch} {short(r.function.name)}: {p}")
    for backend, functions in listings.items():
        for problem in spill_problems(ISAS[backend], functions):
            failures.append(f"{backend} {problem}")
    return rows, failures, notes


def table(rows):
    head = ["backend", "kernel", "dtype", "arch", "fns", "declared", "executed", "loop insns",
            "efficiency", "required", "verdict"]
    body = [[r.backend, r.kernel, r.dtype, r.arch, str(r.functions), r.declared, r.executed,
             r.instructions, r.efficiency, r.required, r.verdict] for r in rows]
    widths = [max(len(x) for x in col) for col in zip(head, *body)]
    lines = ["  ".join(x.ljust(w) for x, w in zip(line, widths)).rstrip()
             for line in [head] + body]
    return "\n".join(lines)


def markdown(rows):
    """One Markdown table per backend: a row per kernel and dtype, a column per
    architecture; a cell is the executed work per iteration (and the loop's issue
    efficiency) or the main loop's accesses, FAIL marked."""
    out = []
    for backend in dict.fromkeys(r.backend for r in rows):
        mine = [r for r in rows if r.backend == backend]
        archs = list(dict.fromkeys(r.arch for r in mine))
        out += [f"| {backend} kernel | dtype | declared | " + " | ".join(archs) + " |",
                "|---|---|---|" + "---|" * len(archs)]
        cells = collections.OrderedDict()
        for r in mine:
            key = (r.kernel, r.dtype, r.declared)
            cell = r.executed if r.efficiency == "-" else f"{r.executed} ({r.efficiency})"
            cells.setdefault(key, {})[r.arch] = cell if r.verdict == "PASS" else f"**FAIL** {cell}"
        for (kernel, dtype, declared), by_arch in cells.items():
            out.append(f"| {kernel} | {dtype} | {declared} | " +
                       " | ".join(by_arch.get(a, "-") for a in archs) + " |")
        out.append("")
    return "\n".join(out).rstrip()


# ----------------------------------------------------------------- disassembling
def members(paths, keep, workdir, tag):
    """Object files: each path as given, or an archive's members for which keep(name)."""
    out = []
    for path in paths:
        if not path.endswith(".a"):
            out.append(path)
            continue
        names = subprocess.run(["ar", "t", path], capture_output=True, text=True,
                               check=True).stdout.split()
        wanted = [n for n in names if keep(n)]
        if not wanted:
            raise UsageError(f"{path} has no object the audit reads")
        where = os.path.join(workdir, tag, os.path.basename(path))
        os.makedirs(where, exist_ok=True)
        subprocess.run(["ar", "x", os.path.abspath(path), *wanted], cwd=where, check=True)
        out += [os.path.join(where, n) for n in wanted]
    return out


def run(cmd, **kw):
    result = subprocess.run(cmd, capture_output=True, text=True, check=False, **kw)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {result.stderr.strip()[:500]}")
    return result.stdout


def cuda_listing(paths, cuobjdump, workdir, pool):
    """cuobjdump -sass of every cubin of every CUDA object, one process per cubin."""
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(cuobjdump) + os.pathsep + env.get("PATH", "")
    objects = members(paths, lambda n: n.endswith(".cu.o"), workdir, "cuda")
    cubins = []
    for i, obj in enumerate(objects):
        where = os.path.join(workdir, "cubins", str(i))
        os.makedirs(where, exist_ok=True)
        run([cuobjdump, "-xelf", "all", os.path.abspath(obj)], cwd=where, env=env)
        cubins += [(obj, os.path.join(where, c)) for c in sorted(os.listdir(where))]
    texts = pool.map(lambda oc: (oc[0], run([cuobjdump, "-sass", oc[1]], env=env)), cubins)
    return [(obj, text) for obj, text in texts]


def hip_listing(paths, tools, workdir, pool):
    """llvm-objdump -d and llvm-readelf --notes of every target's code object of every
    HIP object's .hip_fatbin bundle."""
    objects = members(paths, lambda n: n.endswith(".o"), workdir, "hip")
    code = []
    for i, obj in enumerate(objects):
        sections = run([tools["llvm-readelf"], "-S", "-W", obj])
        if ".hip_fatbin" not in sections:
            continue
        where = os.path.join(workdir, "co", str(i))
        os.makedirs(where, exist_ok=True)
        for target, path in sorted(check_mfma.code_objects(tools["llvm-objcopy"], obj,
                                                           where).items()):
            code.append((obj, target, path))

    def one(item):
        obj, target, path = item
        text = run([tools["llvm-objdump"], "-d", path])
        notes = run([tools["llvm-readelf"], "--notes", path])
        return obj, f"; ridgeline-audit target {target} {obj}\n{text}\n{notes}"
    return list(pool.map(one, code))


def cpu_listing(paths, objdump, workdir):
    objects = members(paths, lambda n: n.endswith(".o"), workdir, "cpu")
    out = []
    for obj in objects:
        text = run([objdump, "-d", "--no-show-raw-insn", obj])
        m = re.search(r"file format (\S+)", text[:2000])
        arch = "x86_64" if m and m.group(1) == "elf64-x86-64" else (m.group(1) if m else "?")
        out.append((obj, f"; ridgeline-audit target {arch} {obj}\n{text}"))
    return out


def find_in(bins, name):
    for d in bins:
        if d and os.access(os.path.join(d, name), os.X_OK):
            return os.path.join(d, name)
    return None


def update_readme(tables):
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "README.md")
    with open(path) as f:
        text = f.read()
    begin, end = "<!-- machine-code-audit:begin -->", "<!-- machine-code-audit:end -->"
    if begin not in text or end not in text:
        raise UsageError(f"{path}: markers {begin} / {end} not found")
    body = (f"{begin}\n<!-- generated by scripts/audit_machine_code.py --update-readme; do "
            f"not edit by hand -->\n{tables}\n{end}")
    text = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: body, text, flags=re.S)
    with open(path, "w") as f:
        f.write(text)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--claims-tool", help="build/tests/ridgeline_machine_code_claims")
    src.add_argument("--claims", help="its JSON output, saved to a file")
    p.add_argument("--cpu", nargs="+", default=[], help="CPU backend library or objects")
    p.add_argument("--cuda", nargs="+", default=[], help="CUDA backend library or objects")
    p.add_argument("--hip", nargs="+", default=[], help="HIP backend library or objects")
    p.add_argument("--listing", action="append", default=[], metavar="BACKEND=FILE",
                   help="audit a saved listing (see --save-listings) instead of objects")
    p.add_argument("--save-listings", metavar="DIR", help="write the listings audited here")
    p.add_argument("--cuobjdump", help="path of cuobjdump (default: searched)")
    p.add_argument("--cuda-bin", help="the CUDA toolkit's bin folder, searched too")
    p.add_argument("--llvm-bin", action="append", default=[],
                   help="the HIP compiler's LLVM bin folder (llvm-objdump, llvm-objcopy, "
                        "llvm-readelf)")
    p.add_argument("--objdump", default=None, help="GNU objdump for the CPU objects")
    p.add_argument("--backend", action="append", default=[], choices=sorted(ISAS),
                   help="audit only this backend's claims (repeatable; default: all)")
    p.add_argument("--markdown", action="store_true",
                   help="print the table as Markdown, one table per backend")
    p.add_argument("--update-readme", action="store_true",
                   help="write the Markdown tables into README.md (only when every check "
                        "passed)")
    p.add_argument("--require-tools", action="store_true",
                   default=os.environ.get("RIDGELINE_REQUIRE_AUDIT", "") not in ("", "0"),
                   help="a missing disassembler fails instead of skipping (also "
                        "RIDGELINE_REQUIRE_AUDIT=1)")
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    return p.parse_args(argv)


def load_claims(args):
    if args.claims_tool:
        if not os.access(args.claims_tool, os.X_OK):
            raise UsageError(f"no such program: {args.claims_tool}")
        text = run([args.claims_tool])
    else:
        if not os.path.isfile(args.claims):
            raise UsageError(f"no such file: {args.claims}")
        with open(args.claims) as f:
            text = f.read()
    try:
        claims = json.loads(text)
    except json.JSONDecodeError as e:
        raise UsageError(f"the claims are not JSON: {e}")
    keys = {"backend", "kernel", "dtype", "symbol", "architectures",
            "multiply_adds_per_iteration", "min_issue_efficiency", "access_bytes"}
    if not isinstance(claims, list) or any(not isinstance(c, dict) or keys - set(c)
                                           for c in claims):
        raise UsageError(f"the claims must be a list of objects with {', '.join(sorted(keys))}")
    if args.backend:
        claims = [c for c in claims if c["backend"] in args.backend]
    return claims


def gather(args, claims, workdir):
    """{backend: [Function]} and the backends skipped for a missing tool."""
    texts = collections.defaultdict(list)  # backend -> [(source, text)]
    skipped = []
    for item in args.listing:
        backend, _, path = item.partition("=")
        if backend not in ISAS or not os.path.isfile(path):
            raise UsageError(f"--listing wants BACKEND=FILE with BACKEND one of "
                             f"{', '.join(ISAS)} and an existing file (got '{item}')")
        with open(path) as f:
            texts[backend].append((path, f.read()))
    wanted = {c["backend"] for c in claims if c["architectures"]}
    given = {"cpu": args.cpu, "cuda": args.cuda, "hip": args.hip}
    for backend in sorted(wanted - set(texts)):
        if not given.get(backend):
            raise UsageError(f"the claims name backend '{backend}' but no --{backend} objects "
                             f"or --listing {backend}=FILE were given")
    for paths in given.values():
        for path in paths:
            if not os.path.isfile(path):
                raise UsageError(f"no such file: {path}")
    cxxfilt = shutil.which("c++filt")
    with concurrent.futures.ThreadPoolExecutor(max(args.jobs, 1)) as pool:
        for backend, paths in given.items():
            if not paths or backend in texts:
                continue
            try:
                if backend == "cuda":
                    cuobjdump = check_sass.find_cuobjdump(args.cuobjdump, args.cuda_bin)
                    if cuobjdump is None:
                        raise ToolMissing("no cuobjdump (install the CUDA toolkit's, or pip "
                                          "install nvidia-cuda-cuobjdump nvidia-cuda-nvdisasm: "
                                          "scripts/setup.sh does)")
                    texts[backend] = cuda_listing(paths, cuobjdump, workdir, pool)
                elif backend == "hip":
                    bins = args.llvm_bin + [os.path.dirname(p) for p in
                                            [shutil.which("llvm-objdump")] if p]
                    tools = {t: find_in(bins, t) for t in
                             ("llvm-objdump", "llvm-objcopy", "llvm-readelf")}
                    missing = [t for t, p in tools.items() if p is None]
                    if missing:
                        raise ToolMissing(f"no {', '.join(missing)} of the HIP compiler's LLVM "
                                          f"(scripts/setup.sh --hip installs llvm-19/llvm-22)")
                    texts[backend] = hip_listing(paths, tools, workdir, pool)
                else:
                    objdump = args.objdump or shutil.which("objdump")
                    if objdump is None:
                        raise ToolMissing("no objdump (binutils)")
                    texts[backend] = cpu_listing(paths, objdump, workdir)
            except ToolMissing as e:
                skipped.append(f"{backend}: {e}")
    if any(texts.values()) and cxxfilt is None:
        raise ToolMissing("no c++filt (binutils) to demangle the function names")
    listings = {}
    for backend, items in texts.items():
        functions = []
        for source, text in items:
            functions += ISAS[backend].parse(text, source)
        demangle(functions, cxxfilt)
        listings[backend] = functions
        if args.save_listings:
            os.makedirs(args.save_listings, exist_ok=True)
            with open(os.path.join(args.save_listings, f"{backend}.txt"), "w") as f:
                f.write("\n".join(text for _, text in items))
    return listings, skipped


def main(argv=None):
    try:
        args = parse_args(argv)
    except SystemExit as e:
        return USAGE if e.code else 0
    try:
        claims = load_claims(args)
        with tempfile.TemporaryDirectory() as workdir:
            listings, skipped = gather(args, claims, workdir)
    except UsageError as e:
        print(f"{ME}: {e}", file=sys.stderr)
        return USAGE
    except ToolMissing as e:
        listings, skipped = {}, [str(e)]
    except RuntimeError as e:
        print(f"{ME}: {e}", file=sys.stderr)
        return 1
    rows, failures, notes = audit(claims, listings)
    print(markdown(rows) if args.markdown else table(rows))
    if args.update_readme and not failures and not skipped:
        try:
            update_readme(markdown(rows))
        except UsageError as e:
            print(f"{ME}: {e}", file=sys.stderr)
            return USAGE
    for n in notes:
        print(f"note: {n}")
    for s in skipped:
        print(f"{'FAIL' if args.require_tools else 'SKIP'} {s}")
    for f in failures:
        print(f"FAIL {f}")
    audited = sum(len(f) for f in listings.values())
    print(f"{ME}: {sum(r.verdict == 'PASS' for r in rows)} of {len(rows)} kernel/architecture "
          f"checks passed, {len(failures)} failures, {audited} functions disassembled"
          + (f", {len(skipped)} backends skipped" if skipped else ""))
    if failures or (skipped and args.require_tools):
        return 1
    return SKIP if skipped else 0


if __name__ == "__main__":
    sys.exit(main())
