"""scripts/audit_machine_code.py against synthetic listings (SASS, AMDGPU, x86-64) with
planted defects, each of which must fail the audit with a message naming it: a folded
chain, an extra instruction per iteration, a narrow load in a memory kernel, a spill, an
FFMA fallback in a tensor kernel, a missing kernel. Then the same on the real build's CPU
and HIP listings (where this build has them), with defects planted in the real code."""
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

SOURCE = os.environ.get("RIDGELINE_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "../.."))
SCRIPT = os.path.join(SOURCE, "scripts", "audit_machine_code.py")
sys.path.insert(0, os.path.dirname(SCRIPT))
import audit_machine_code as audit  # noqa: E402


def claim(backend, kernel, family, dtype, symbol, archs, fmas=0, efficiency=0.0, access=0):
    return {"backend": backend, "kernel": kernel, "family": family, "dtype": dtype,
            "symbol": symbol, "architectures": archs, "multiply_adds_per_iteration": fmas,
            "min_issue_efficiency": efficiency, "access_bytes": access}


# ----------------------------------------------------------------- SASS listings
def sass_function(name, ops, loop=None):
    """`ops`: opcode-and-operands strings; `loop`: (first, last) indexes of the loop body,
    closed by a backward BRA after `last`."""
    lines = [f"\t\tFunction : {name}"]
    address = 0
    start = None
    for i, op in enumerate(ops):
        if loop and i == loop[0]:
            start = address
        lines.append(f"        /*{address:04x}*/                   {op} ;"
                     "                /* 0x000000000000000 */")
        address += 16
        if loop and i == loop[1]:
            lines.append(f"        /*{address:04x}*/              @!P0 BRA 0x{start:x} ;"
                         "                /* 0x000000000000000 */")
            address += 16
    lines.append(f"        /*{address:04x}*/                   EXIT ;")
    lines.append(f"        /*{address + 16:04x}*/                   BRA 0x{address + 16:x};")
    return "\n".join(lines)


def sass_peak(name, work, count, extra=()):
    body = [work] * count + list(extra) + ["IADD3 R7, R7, 0x20, RZ",
                                          "ISETP.GE.U32.AND P0, PT, R7, c[0x0][0x160], PT"]
    ops = ["LDC R1, c[0x0][0x28]", "S2R R2, SR_TID.X"] + body + ["STG.E.64 [R2.64], R4"]
    return sass_function(name, ops, loop=(2, 1 + len(body)))


def sass_mma(name, instruction, count, extra=()):
    body = [instruction] * count + list(extra) + ["IADD3 R7, R7, 0x1, RZ",
                                                 "ISETP.GE.U32.AND P0, PT, R7, c[0x0][0x160], PT"]
    ops = ["S2R R2, SR_TID.X"] + body + ["STG.E [R2.64], R4"]
    return sass_function(name, ops, loop=(1, len(body)))


def sass_stream(name, load="LDG.E.128 R4, [R2.64]", store="STG.E.128 [R6.64], R4", extra=()):
    body = [load] * 8 + ["FFMA R4, R8, c[0x0][0x180], R12"] * 4 + [store] * 4 + list(extra) + [
        "IADD3 R2, P1, R2, 0x40, RZ", "ISETP.GE.U32.AND P0, PT, R2, c[0x0][0x170], PT"]
    tail = ["LDG.E R4, [R2.64]", "STG.E [R6.64], R4", "IADD3 R2, R2, 0x4, RZ",
            "ISETP.GE.U32.AND P0, PT, R2, c[0x0][0x170], PT"]
    ops = ["S2R R2, SR_TID.X"] + body + tail
    text = sass_function(name, ops, loop=(1, len(body)))
    # the scalar tail is a loop too, after the main one: 4-byte accesses are right there
    last = re.findall(r"/\*([0-9a-f]{4})\*/ +ISETP", text)[-1]
    tail_start = int(last, 16) - 3 * 16
    return text.replace("                   EXIT ;",
                        f"              @!P0 BRA 0x{tail_start:x} ;\n"
                        f"        /*ffff*/                   EXIT ;", 1)


SASS_ARCHS = ("sm_80", "sm_90a")


def sass_listing(replace=None, drop=()):
    """One cubin per architecture with a good fp32 peak, int32 peak, fp16 mma, triad and
    wgmma (sm_90a); `replace` maps a function name to other text, `drop` leaves it out."""
    parts = []
    for arch in SASS_ARCHS:
        functions = {
            "peak_kernel<ScalarChain<float>>": sass_peak(
                "peak_kernel<ScalarChain<float>>", "FFMA R4, R4, R11, c[0x0][0x168]", 256),
            "peak_kernel<ScalarChain<int>>": sass_peak(
                "peak_kernel<ScalarChain<int>>", "IMAD R4, R4, R11, c[0x0][0x168]", 256),
            "mma_kernel<MmaSyncF16,true>": sass_mma(
                "mma_kernel<MmaSyncF16,true>", "HMMA.16816.F32 R8, R12, R16, R8", 16,
                extra=["IMAD.MOV.U32 R9, RZ, RZ, R3"] * 5),
            "stream_kernel<Triad,float,4,4>": sass_stream("stream_kernel<Triad,float,4,4>"),
        }
        if arch == "sm_90a":
            functions["wgmma_kernel<Bf16>"] = sass_mma(
                "wgmma_kernel<Bf16>", "HGMMA.64x256x16.F32.BF16 R24, gdesc[UR4], R24", 2,
                extra=["WARPGROUP.ARRIVE", "R2UR UR4, R6", "WARPGROUP.DEPBAR.LE gsb0, 0x1"])
        chunks = [f"arch = {arch}", "code version = [1,8]"]
        for name, text in functions.items():
            if (arch, name) in drop:
                continue
            chunks.append((replace or {}).get((arch, name), text))
        parts.append("\n".join(chunks))
    return "\n".join(parts) + "\n"


SASS_CLAIMS = [
    claim("cuda", "peak_fma", "compute", "fp32", r"peak_kernel<.*ScalarChain<float>>",
          list(SASS_ARCHS), 256, 0.97),
    claim("cuda", "peak_fma", "compute", "int32", r"peak_kernel<.*ScalarChain<int>>",
          list(SASS_ARCHS), 256, 0.97),
    # 16 x m16n8k16 / 32 lanes
    claim("cuda", "mma", "matrix", "fp16", r"mma_kernel<MmaSyncF16,(true|false)>",
          list(SASS_ARCHS), 16 * 16 * 8 * 16 / 32),
    claim("cuda", "triad", "memory", "fp32", r"stream_kernel<Triad,float,4,4>",
          list(SASS_ARCHS), access=16),
    # 2 x m64n256k16 / 128 threads
    claim("cuda", "wgmma", "matrix", "bf16", r"wgmma_kernel<Bf16>", ["sm_90a"],
          2 * 64 * 256 * 16 / 128),
    claim("cuda", "mma", "matrix", "fp8_e4m3", r"mma_kernel<MmaSyncE4m3,", []),
]


# --------------------------------------------------------------- AMDGPU listings
def amd_function(name, start, ops, loop):
    lines = [f"{start:016x} <{name}>:"]
    address = start
    loop_address = None
    for i, op in enumerate(ops):
        if i == loop[0]:
            loop_address = address
        lines.append(f"\t{op:<58} // {address:012X}: 00000000")
        address += 4
        if i == loop[1]:
            lines.append(f"\t{'s_cbranch_scc1 65530':<58} // {address:012X}: BF85FFFA "
                         f"<{name}+0x{loop_address - start:x}>")
            address += 4
    lines.append(f"\t{'s_endpgm':<58} // {address:012X}: BF810000")
    return "\n".join(lines), address + 256


def amd_listing(target, mutate=None, scratch=0):
    """One code object: fp64 peak, fp32 peak (packed), int32 peak (mul + add), f16 mfma."""
    specs = {
        "peak_kernel<ScalarChain<double>>": ["v_fma_f64 v[2:3], v[2:3], s[4:5], s[6:7]"] * 256,
        "peak_kernel<ScalarChain<float>>": ["v_pk_fma_f32 v[2:3], v[2:3], s[4:5], s[6:7]"] * 128,
        "peak_kernel<ScalarChain<int>>": ["v_mul_lo_u32 v2, v2, s4", "v_add_u32_e32 v2, s5, v2"]
        * 256,
        "mma_kernel<MfmaF16,true>": ["v_mfma_f32_32x32x8_f16 a[0:15], v[0:1], v[2:3], a[0:15]"]
        * 8,
    }
    if mutate:
        mutate(specs)
    parts, start = [f"; ridgeline-audit target {target} gpu_test.o"], 0x1000
    for name, body in specs.items():
        ops = ["s_load_dword s4, s[0:1], 0x4", "s_waitcnt lgkmcnt(0)"] + body + [
            "s_add_i32 s6, s6, 32", "s_cmp_lt_u32 s6, s7"]
        text, start = amd_function(name, start, ops + ["global_store_dwordx2 v[0:1], v[2:3], off"],
                                   (2, len(ops) - 1))
        parts.append(text)
    parts.append("amdhsa.kernels:")
    for name in specs:
        parts.append(f"  - .agpr_count:     0\n    .args:\n      - .name:           x\n"
                     f"        .offset:         0\n    .name:           {name}\n"
                     f"    .private_segment_fixed_size: {scratch}\n    .sgpr_spill_count: 0\n"
                     f"    .vgpr_spill_count: 0\n    .wavefront_size: 64")
    parts.append("amdhsa.target:   amdgcn-amd-amdhsa--" + target)
    return "\n".join(parts) + "\n"


AMD_CLAIMS = [
    claim("hip", "peak_fma", "compute", "fp64", r"peak_kernel<.*ScalarChain<double>>",
          ["gfx942"], 256, 0.97),
    claim("hip", "peak_fma", "compute", "fp32", r"peak_kernel<.*ScalarChain<float>>",
          ["gfx942"], 256, 0.97),
    claim("hip", "peak_fma", "compute", "int32", r"peak_kernel<.*ScalarChain<int>>",
          ["gfx942"], 256, 0.97),
    # 8 x 32x32x8 / 64 lanes
    claim("hip", "mma", "matrix", "fp16", r"mma_kernel<MfmaF16,", ["gfx942"],
          8 * 32 * 32 * 8 / 64),
]


# --------------------------------------------------------------- x86-64 listings
def x86_listing(width="zmm", fold=0, extra=()):
    """run_chains<double>: 128 vfmadd231pd per iteration (16 vectors x 8 steps)."""
    lines = ["cpu_peak.cpp.o:     file format elf64-x86-64", "",
             "Disassembly of section .text:", "",
             "0000000000000040 <run_chains<double>(double const*, unsigned long)>:",
             "      40:\tpush   %rbp", "      41:\tvbroadcastsd 0x0(%rip),%zmm1"]
    address = 0x80
    body = [f"vfmadd231pd %{width}1,%{width}0,%{width}{2 + i % 16}" for i in range(128 - fold)]
    body += list(extra) + ["add    $0x8,%rax", "cmp    %rax,%rsi"]
    for op in body:
        lines.append(f"{address:8x}:\t{op}")
        address += 6
    lines.append(f"{address:8x}:\tja     80 <run_chains<double>(double const*, unsigned long)+0x40>")
    lines.append(f"{address + 2:8x}:\tret    ")
    return "\n".join(lines) + "\n"


X86_CLAIMS = [claim("cpu", "peak_fma", "compute", "fp64", r"run_chains<double>", ["x86_64"],
                    1024, 0.97)]


class AuditSynthetic(unittest.TestCase):
    def run_audit(self, claims, listings, extra=(), env=None):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "claims.json")
            with open(path, "w") as f:
                json.dump(claims, f)
            args = [sys.executable, SCRIPT, "--claims", path]
            for backend, text in listings.items():
                listing = os.path.join(tmp, f"{backend}.txt")
                with open(listing, "w") as f:
                    f.write(text)
                args.append(f"--listing={backend}={listing}")
            full_env = dict(os.environ)
            full_env.pop("RIDGELINE_REQUIRE_AUDIT", None)
            full_env.update(env or {})
            return subprocess.run(args + list(extra), capture_output=True, text=True,
                                  timeout=120, env=full_env)

    def assert_fails(self, result, *messages):
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        for m in messages:
            self.assertIn(m, result.stdout)

    # -- the good listings pass
    def test_good_listings_pass(self):
        result = self.run_audit(SASS_CLAIMS + AMD_CLAIMS + X86_CLAIMS,
                                {"cuda": sass_listing(), "hip": amd_listing("gfx942"),
                                 "cpu": x86_listing()})
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("14 of 14 kernel/architecture checks passed, 0 failures", result.stdout)
        self.assertIn("planned on none of the architectures built", result.stdout)
        row = next(line for line in result.stdout.splitlines()
                   if line.startswith("cuda") and "wgmma" in line)
        self.assertEqual(row.split()[5:9], ["4096", "4096", "8", "25.0%"])

    # -- folded chains: fewer multiply-adds than declared
    def test_folded_integer_chain_fails(self):
        folded = sass_peak("peak_kernel<ScalarChain<int>>", "IMAD R4, R4, R11, R12", 128)
        result = self.run_audit(SASS_CLAIMS, {"cuda": sass_listing(
            replace={("sm_80", "peak_kernel<ScalarChain<int>>"): folded})})
        self.assert_fails(result, "peak_fma/int32 sm_80",
                          "executes 128 multiply-adds per iteration, declared 256 (ratio 0.5)")
        self.assertNotIn("peak_fma/int32 sm_90a", result.stdout)

    def test_moves_spelled_as_imad_are_not_work(self):
        moves = sass_peak("peak_kernel<ScalarChain<int>>", "IMAD R4, R4, R11, R12", 255,
                          extra=["IMAD.MOV.U32 R5, RZ, RZ, R4", "IMAD R6, RZ, RZ, UR5"])
        result = self.run_audit(SASS_CLAIMS, {"cuda": sass_listing(
            replace={("sm_90a", "peak_kernel<ScalarChain<int>>"): moves})})
        self.assert_fails(result, "executes 255 multiply-adds per iteration, declared 256")

    def test_folded_amd_integer_chain_fails(self):
        def fold(specs):  # the multiply hoisted: adds without multiplies do no multiply-add
            specs["peak_kernel<ScalarChain<int>>"] = (["v_mul_lo_u32 v2, v2, s4"] * 200 +
                                                      ["v_add_u32_e32 v2, s5, v2"] * 256)
        result = self.run_audit(AMD_CLAIMS, {"hip": amd_listing("gfx942", fold)})
        self.assert_fails(result, "peak_fma/int32 gfx942",
                          "executes 200 multiply-adds per iteration, declared 256")

    def test_half_width_vectors_fail_on_x86(self):
        result = self.run_audit(X86_CLAIMS, {"cpu": x86_listing(width="ymm")})
        self.assert_fails(result, "executes 512 multiply-adds per iteration, declared 1024")

    # -- an extra instruction per iteration
    def test_extra_instruction_per_iteration_fails(self):
        slow = sass_peak("peak_kernel<ScalarChain<float>>", "FFMA R4, R4, R11, R12", 256,
                         extra=["MOV R11, c[0x0][0x164]"] * 6)
        result = self.run_audit(SASS_CLAIMS, {"cuda": sass_listing(
            replace={("sm_80", "peak_kernel<ScalarChain<float>>"): slow})})
        self.assert_fails(result, "loop efficiency 96.6% < 97%",
                          "256 work-carrying of 265 instructions", "6 x MOV")
        result = self.run_audit(X86_CLAIMS, {"cpu": x86_listing(extra=["vmovapd %zmm3,%zmm4"] * 2)})
        self.assert_fails(result, "loop efficiency 96.2% < 97%", "2 x vmovapd")

    def test_reload_in_register_loop_fails(self):
        result = self.run_audit(X86_CLAIMS, {"cpu": x86_listing(
            fold=1, extra=["vfmadd231pd 0x40(%rsp),%zmm0,%zmm2"])})
        self.assert_fails(result, "memory access in the register-resident loop")

    # -- memory kernels: every access of the main loop 16 bytes
    def test_narrow_load_in_memory_kernel_fails(self):
        narrow = sass_stream("stream_kernel<Triad,float,4,4>", extra=["LDG.E R9, [R2.64+0x4]"])
        result = self.run_audit(SASS_CLAIMS, {"cuda": sass_listing(
            replace={("sm_90a", "stream_kernel<Triad,float,4,4>"): narrow})})
        self.assert_fails(result, "triad/fp32 sm_90a",
                          "main loop accesses of other widths than 16 B: LDG.E (4 B)")

    def test_scalar_tail_loop_is_not_the_main_loop(self):
        # The good listing's stream kernel has a 4-byte tail loop after the main one.
        result = self.run_audit(SASS_CLAIMS, {"cuda": sass_listing()})
        self.assertEqual(result.returncode, 0, result.stdout)
        self.assertIn("8 ld + 4 st x 16 B", result.stdout)

    # -- spills
    def test_sass_spill_fails(self):
        spilling = sass_mma("mma_kernel<MmaSyncF16,true>", "HMMA.16816.F32 R8, R12, R16, R8", 16,
                            extra=["STL [R1+0x8], R9", "LDL R9, [R1+0x8]"])
        result = self.run_audit(SASS_CLAIMS, {"cuda": sass_listing(
            replace={("sm_80", "mma_kernel<MmaSyncF16,true>"): spilling})})
        self.assert_fails(result, "spills or uses local/scratch memory: 1 x STL, 1 x LDL")

    def test_amd_scratch_fails(self):
        def spill(specs):
            specs["peak_kernel<ScalarChain<float>>"] = specs["peak_kernel<ScalarChain<float>>"] + [
                "scratch_store_dword off, v4, s33 offset:4"]
        result = self.run_audit(AMD_CLAIMS, {"hip": amd_listing("gfx942", spill)})
        self.assert_fails(result, "1 x scratch_store_dword")
        result = self.run_audit(AMD_CLAIMS, {"hip": amd_listing("gfx942", scratch=16)})
        self.assert_fails(result, "private segment 16 B")

    # -- matrix kernels: the matrix instruction, not a fallback
    def test_ffma_fallback_in_tensor_kernel_fails(self):
        fallback = sass_mma("mma_kernel<MmaSyncF16,true>", "HMMA.16816.F32 R8, R12, R16, R8", 16,
                            extra=["FFMA R20, R21, R22, R20"] * 4)
        result = self.run_audit(SASS_CLAIMS, {"cuda": sass_listing(
            replace={("sm_90a", "mma_kernel<MmaSyncF16,true>"): fallback})})
        self.assert_fails(result, "mma/fp16 sm_90a",
                          "vector floating-point arithmetic in the matrix loop (fallback): 4 x FFMA")
        only_ffma = sass_mma("mma_kernel<MmaSyncF16,true>", "FFMA R20, R21, R22, R20", 64)
        result = self.run_audit(SASS_CLAIMS, {"cuda": sass_listing(
            replace={("sm_80", "mma_kernel<MmaSyncF16,true>"): only_ffma})})
        self.assert_fails(result, "no loop with fp16 work-carrying instructions")

    def test_wrong_matrix_type_fails(self):
        def bf16(specs):
            specs["mma_kernel<MfmaF16,true>"] = [
                "v_mfma_f32_32x32x8_bf16 a[0:15], v[0:1], v[2:3], a[0:15]"] * 8
        result = self.run_audit(AMD_CLAIMS, {"hip": amd_listing("gfx942", bf16)})
        self.assert_fails(result, "no loop with fp16 work-carrying instructions")

    # -- every claim found
    def test_missing_kernel_fails(self):
        result = self.run_audit(SASS_CLAIMS, {"cuda": sass_listing(
            drop={("sm_90a", "wgmma_kernel<Bf16>")})})
        self.assert_fails(result, "wgmma/bf16 sm_90a: no function matching /wgmma_kernel<Bf16>/")
        claims = copy.deepcopy(SASS_CLAIMS)
        claims[0]["architectures"].append("sm_100")
        result = self.run_audit(claims, {"cuda": sass_listing()})
        self.assert_fails(result, "(no sm_100 code at all)")

    def test_internal_branch_in_timed_loop_fails(self):
        branchy = sass_peak("peak_kernel<ScalarChain<float>>", "FFMA R4, R4, R11, R12", 256,
                            extra=["@P1 BRA 0x1040"])
        result = self.run_audit(SASS_CLAIMS, {"cuda": sass_listing(
            replace={("sm_80", "peak_kernel<ScalarChain<float>>"): branchy})})
        self.assert_fails(result, "loop body branches inside itself")

    # -- tools and usage
    def test_missing_tool_skips_or_fails_in_ci(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "claims.json")
            with open(path, "w") as f:
                json.dump(AMD_CLAIMS, f)
            obj = os.path.join(tmp, "gpu_peak.o")
            open(obj, "w").close()
            env = dict(os.environ, PATH=tmp)  # no llvm-objdump anywhere
            env.pop("RIDGELINE_REQUIRE_AUDIT", None)
            args = [sys.executable, SCRIPT, "--claims", path, "--hip", obj]
            result = subprocess.run(args, capture_output=True, text=True, env=env, timeout=60)
            self.assertEqual(result.returncode, 77, result.stdout + result.stderr)
            self.assertIn("SKIP hip: no llvm-objdump", result.stdout)
            env["RIDGELINE_REQUIRE_AUDIT"] = "1"
            result = subprocess.run(args, capture_output=True, text=True, env=env, timeout=60)
            self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
            self.assertIn("FAIL hip: no llvm-objdump", result.stdout)
            del env["RIDGELINE_REQUIRE_AUDIT"]
            result = subprocess.run(args + ["--require-tools"], capture_output=True, text=True,
                                    env=env, timeout=60)
            self.assertEqual(result.returncode, 1, result.stdout + result.stderr)

    def test_bad_usage(self):
        result = self.run_audit(SASS_CLAIMS, {})
        self.assertEqual(result.returncode, 2, result.stdout + result.stderr)
        self.assertIn("no --cuda objects", result.stderr)
        with tempfile.TemporaryDirectory() as tmp:
            bad = os.path.join(tmp, "claims.json")
            with open(bad, "w") as f:
                f.write('[{"kernel": "x"}]')
            result = subprocess.run([sys.executable, SCRIPT, "--claims", bad],
                                    capture_output=True, text=True, timeout=60)
            self.assertEqual(result.returncode, 2)
            self.assertIn("must be a list of objects", result.stderr)
        result = subprocess.run([sys.executable, SCRIPT], capture_output=True, text=True,
                                timeout=60)
        self.assertEqual(result.returncode, 2)

    # -- work per instruction
    def test_work_per_instruction(self):
        sass, amd = audit.Sass(), audit.Amdgpu()

        def work(isa, kind, opcode, dtype, operands="R0, R1, R2, R3"):
            insn = audit.Insn(0, opcode, operands)
            w = getattr(isa, f"{kind}_work")(insn, dtype)
            return w.lanes if w else None
        self.assertEqual(work(sass, "vector", "HFMA2", "fp16"), 2)
        self.assertEqual(work(sass, "vector", "HFMA2.MMA", "fp16"), 2)
        self.assertIsNone(work(sass, "vector", "HFMA2.MMA", "fp16", "R3, -RZ, RZ, 0, 0"))
        self.assertEqual(work(sass, "vector", "HFMA2.BF16_V2", "bf16"), 2)
        self.assertIsNone(work(sass, "vector", "HFMA2.BF16_V2", "fp16"))
        self.assertEqual(work(sass, "vector", "FFMA2", "fp32"), 2)
        self.assertIsNone(work(sass, "vector", "IMAD.WIDE.U32", "int32"))
        self.assertEqual(work(sass, "vector", "IDP.4A.S8.S8", "int8"), 4)
        self.assertEqual(work(sass, "matrix", "HMMA.1688.F32.TF32", "tf32"), 16 * 8 * 8 / 32)
        self.assertEqual(work(sass, "matrix", "IMMA.16832.S8.S8", "int8"), 16 * 8 * 32 / 32)
        self.assertIsNone(work(sass, "matrix", "HMMA.16816.F32.BF16", "fp16"))
        self.assertEqual(work(sass, "matrix", "QGMMA.64x256x32.F32.E4M3.E4M3", "fp8_e4m3"),
                         64 * 256 * 32 / 128)
        self.assertEqual(work(amd, "matrix", "v_mfma_f32_32x32x2f32", "fp32"), 32)
        self.assertEqual(work(amd, "matrix", "v_mfma_f32_32x32x1f32", "fp32"), 32)  # 2 blocks
        self.assertEqual(work(amd, "matrix", "v_mfma_f32_32x32x1_2b_f32", "fp32"), 32)
        self.assertEqual(work(amd, "matrix", "v_mfma_i32_32x32x16_i8", "int8"), 256)
        self.assertEqual(work(amd, "matrix", "v_mfma_f32_32x32x8bf16_1k", "bf16"), 128)
        self.assertEqual(work(amd, "matrix", "v_mfma_f32_32x32x16_bf8_bf8", "fp8_e5m2"), 256)
        self.assertIsNone(work(amd, "matrix", "v_mfma_f32_32x32x16_fp8_fp8", "fp8_e5m2"))
        self.assertEqual(work(amd, "vector", "v_pk_fma_f16", "fp16"), 2)
        self.assertEqual(work(amd, "vector", "v_fmac_f32_e32", "fp32"), 1)
        self.assertEqual(audit.Amdgpu().global_bytes(audit.Insn(0, "global_load_dwordx4", "")), 16)
        self.assertEqual(audit.Sass().global_bytes(audit.Insn(0, "STG.E.64", "")), 8)
        self.assertEqual(audit.normalise("a<b<int> >"), "a<b<int>>")


def build_dir():
    binary = os.environ.get("RIDGELINE_BIN")
    return os.path.dirname(os.path.abspath(binary)) if binary else None


def cache_value(name):
    """A variable of the build's CMakeCache.txt, or None."""
    path = os.path.join(build_dir() or "", "CMakeCache.txt")
    if not os.path.isfile(path):
        return None
    with open(path) as f:
        for line in f:
            if line.startswith(name + ":"):
                return line.rstrip("\n").split("=", 1)[1]
    return None


@unittest.skipUnless(build_dir() and os.path.isfile(
    os.path.join(build_dir() or "", "tests", "ridgeline_machine_code_claims")),
    "needs the build (RIDGELINE_BIN next to tests/ridgeline_machine_code_claims)")
@unittest.skipIf(cache_value("RIDGELINE_SANITIZE"),
                 "a sanitizer build: its instrumented code is not what ridgeline measures")
class AuditRealBuild(unittest.TestCase):
    """The real build's listings pass; the same listings with a defect planted fail."""

    def listings(self, backend, library, *extra):
        build = build_dir()
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp, True)
        claims = os.path.join(tmp, "claims.json")
        with open(claims, "w") as f:
            f.write(subprocess.run([os.path.join(build, "tests", "ridgeline_machine_code_claims")],
                                   capture_output=True, text=True, check=True).stdout)
        with open(claims) as f:
            wanted = [c for c in json.load(f) if c["backend"] == backend and c["architectures"]]
        if not wanted:
            self.skipTest(f"this build makes no {backend} claims")
        lib = os.path.join(build, library)
        if not os.path.isfile(lib):
            self.skipTest(f"no {lib}")
        saved = os.path.join(tmp, "listings")
        base = [sys.executable, SCRIPT, "--claims", claims, "--backend", backend]
        result = subprocess.run(base + [f"--{backend}", lib, "--save-listings", saved, *extra],
                                capture_output=True, text=True, timeout=300)
        if result.returncode == 77:
            self.skipTest(result.stdout.strip().splitlines()[-1])
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        with open(os.path.join(saved, f"{backend}.txt")) as f:
            text = f.read()
        return base, tmp, text

    def audit_text(self, base, tmp, backend, text):
        path = os.path.join(tmp, "planted.txt")
        with open(path, "w") as f:
            f.write(text)
        return subprocess.run(base + [f"--listing={backend}={path}"], capture_output=True,
                              text=True, timeout=120)

    def test_cpu_listing_with_planted_defects(self):
        base, tmp, text = self.listings("cpu", os.path.join("src", "libridgeline_backend_cpu.a"))
        # The real run_chains<int>: one multiply of the timed loop removed (a folded step).
        lines = text.splitlines()
        header = next(i for i, line in enumerate(lines) if "run_chainsIiE" in line
                      and line.endswith(">:"))
        mul = next(i for i in range(header, len(lines)) if "vpmulld" in lines[i])
        folded = "\n".join(lines[:mul] + lines[mul + 1:]) + "\n"
        result = self.audit_text(base, tmp, "cpu", folded)
        self.assertEqual(result.returncode, 1, result.stdout)
        self.assertRegex(result.stdout, r"peak_fma/int32 x86_64 .*executes \d+ multiply-adds "
                                        r"per iteration, declared 2048")
        # run_chains<double> missing altogether (renamed run_chainz<double>)
        renamed = text.replace("run_chainsIdE", "run_chainzIdE")
        result = self.audit_text(base, tmp, "cpu", renamed)
        self.assertEqual(result.returncode, 1, result.stdout)
        self.assertIn("peak_fma/fp64 x86_64: no function matching", result.stdout)

    def test_hip_listing_with_planted_defects(self):
        # The HIP compiler's LLVM, as ctest passes it (else clang++-N: /usr/lib/llvm-N/bin).
        bins = [os.environ.get("RIDGELINE_HIP_LLVM_BIN", "")]
        m = re.search(r"clang\+\+-(\d+)$", cache_value("RIDGELINE_HIP_COMPILER") or "")
        bins += [f"/usr/lib/llvm-{m.group(1)}/bin"] if m else []
        bins = [b for b in bins if b]
        base, tmp, text = self.listings(
            "hip", os.path.join("src", "backends", "hip", "libridgeline_backend_hip.a"),
            *[f"--llvm-bin={b}" for b in bins])
        # A scratch spill in the first kernel, and a 4-byte load in the main loop of
        # triad/fp32 (stream_kernel<Triad, float, 4, 4>) on the first target.
        spilled = re.sub(r"(\n\ts_endpgm)", "\n\tscratch_store_dword off, v4, s33 offset:4"
                         "                  // 000000000000: 00000000\\1", text, count=1)
        result = self.audit_text(base, tmp, "hip", spilled)
        self.assertEqual(result.returncode, 1, result.stdout)
        self.assertIn("1 x scratch_store_dword", result.stdout)
        triad = text.index("5TriadEfLi4ELi4E")
        narrow = text[:triad] + re.sub(r"\tglobal_load_dwordx4 ", "\tglobal_load_dword ",
                                       text[triad:], count=1)
        result = self.audit_text(base, tmp, "hip", narrow)
        self.assertEqual(result.returncode, 1, result.stdout)
        self.assertIn("main loop accesses of other widths than 16 B: global_load_dword (4 B)",
                      result.stdout)


if __name__ == "__main__":
    unittest.main()
