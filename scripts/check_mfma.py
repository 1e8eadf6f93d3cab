#!/usr/bin/env python3
"""Checks that every MFMA kernel of the HIP backend compiles to its matrix instruction.

Takes the HIP backend's gpu_matrix.o (a fat object: host code plus one AMD GPU code object
per target in its .hip_fatbin bundle), disassembles each target's code object with the
compiler's own llvm-objdump and, for each mma kernel and target, requires the MFMA
instruction that kernel exists to measure where the host plans it
(matrix_kernel_available), and no MFMA at all where it does not (the kernel is compiled
empty there). A kernel the compiler lowered to something else would time the wrong
thing; one that kept an instruction its target lacks would not assemble.

Exit status: 0 all present, 1 a check failed, 2 bad usage, 77 no llvm-objdump (skipped;
with RIDGELINE_REQUIRE_AUDIT=1, as CI sets it, a failure instead).
"""
import argparse
import collections
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

SKIP = 77


def require_tools():
    """CI sets RIDGELINE_REQUIRE_AUDIT=1 (scripts/test.sh): a missing disassembler fails."""
    return os.environ.get("RIDGELINE_REQUIRE_AUDIT", "") not in ("", "0")


CDNA3 = ("gfx940", "gfx941", "gfx942")
EVERY = ("gfx90a",) + CDNA3 + ("gfx950",)

# Policy (kernels/hip/mfma.hpp) -> (targets with the instruction, its mnemonic). LLVM
# spells some CDNA2 instructions without the underscore before the type (f32_32x32x8f16
# on gfx90a, f32_32x32x8_f16 from gfx940).
EXPECTED = {
    "MfmaF32": (EVERY, r"v_mfma_f32_32x32x2_?f32"),
    "MfmaF16": (EVERY, r"v_mfma_f32_32x32x8_?f16"),
    "MfmaBf16": (EVERY, r"v_mfma_f32_32x32x8_?bf16(_1k)?"),
    "MfmaI8K8": (("gfx90a",), r"v_mfma_i32_32x32x8_?i8"),
    "MfmaI8K16": (CDNA3 + ("gfx950",), r"v_mfma_i32_32x32x16_i8"),
    "MfmaXf32": (CDNA3, r"v_mfma_f32_32x32x4_?xf32"),
    "MfmaFp8": (CDNA3 + ("gfx950",), r"v_mfma_f32_32x32x16_fp8_fp8"),
    "MfmaBf8": (CDNA3 + ("gfx950",), r"v_mfma_f32_32x32x16_bf8_bf8"),
}

_BUNDLE_MAGIC = b"__CLANG_OFFLOAD_BUNDLE__"
_KERNEL = re.compile(r"mma_kernel<ridgeline::kernels::(\w+), (?:true|false)>")
_FUNCTION_LINE = re.compile(r"^[0-9a-f]+ <(.+)>:$")
_INSTRUCTION = re.compile(r"^\s+(v_mfma_\w+)")


def find_tool(name, llvm_bins):
    for d in llvm_bins:
        if d and os.access(os.path.join(d, name), os.X_OK):
            return os.path.join(d, name)
    return None


def code_objects(objcopy, obj, workdir):
    """{target: path of its code object} from the .hip_fatbin bundle of `obj`."""
    fatbin = os.path.join(workdir, "fatbin")
    subprocess.run([objcopy, f"--dump-section=.hip_fatbin={fatbin}", obj,
                    os.path.join(workdir, "stripped.o")], check=True, capture_output=True)
    with open(fatbin, "rb") as f:
        data = f.read()
    if not data.startswith(_BUNDLE_MAGIC):
        sys.exit(f"check_mfma: {obj}: .hip_fatbin is not an uncompressed offload bundle")
    (count,) = struct.unpack_from("<Q", data, len(_BUNDLE_MAGIC))
    pos = len(_BUNDLE_MAGIC) + 8
    out = {}
    for _ in range(count):
        offset, size, id_size = struct.unpack_from("<QQQ", data, pos)
        pos += 24
        bundle_id = data[pos:pos + id_size].decode()
        pos += id_size
        m = re.match(r"hip(v4)?-amdgcn-amd-amdhsa--(gfx\w+)", bundle_id)
        if m and size:
            path = os.path.join(workdir, m.group(2) + ".co")
            with open(path, "wb") as f:
                f.write(data[offset:offset + size])
            out[m.group(2)] = path
    return out


def mfma_per_kernel(objdump, code_object):
    """{policy: Counter of MFMA mnemonics} of the mma kernels of one code object."""
    result = subprocess.run([objdump, "-d", "-C", "--no-show-raw-insn", code_object],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"check_mfma: {objdump} cannot disassemble {os.path.basename(code_object)} "
                 f"(another LLVM than the compiler's?): {result.stderr.strip()}")
    listing = result.stdout
    kernels, current = {}, None
    for line in listing.splitlines():
        m = _FUNCTION_LINE.match(line)
        if m:
            k = _KERNEL.search(m.group(1))
            current = k.group(1) if k else None
            if current:
                kernels.setdefault(current, collections.Counter())
            continue
        m = _INSTRUCTION.match(line)
        if m and current:
            kernels[current][m.group(1)] += 1
    return kernels


def check(per_target):
    lines, failures = [], []
    for target, kernels in sorted(per_target.items()):
        base = target.split(":")[0]
        for policy in sorted(set(kernels) | set(EXPECTED)):
            if policy not in EXPECTED:
                failures.append(f"{target} {policy}: an mma kernel missing from "
                                f"check_mfma.py's EXPECTED")
                continue
            targets, pattern = EXPECTED[policy]
            found = kernels.get(policy)
            if found is None:
                failures.append(f"{target} {policy}: no mma_kernel<{policy}> in the code")
                continue
            summary = ", ".join(f"{n} x {op}" for op, n in sorted(found.items())) or "no MFMA"
            if base in targets:
                if not any(re.fullmatch(pattern, op) for op in found):
                    failures.append(f"{target} {policy}: expected {pattern}, found {summary}")
                    continue
            elif found:
                failures.append(f"{target} {policy}: never planned here but has {summary}")
                continue
            lines.append(f"ok   {target} {policy}: {summary}")
    return lines, failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("object", help="the HIP backend's gpu_matrix.o")
    parser.add_argument("--llvm-bin", action="append", default=[],
                        help="the HIP compiler's LLVM bin folder (llvm-objdump, llvm-objcopy)")
    args = parser.parse_args()
    if not os.path.isfile(args.object):
        print(f"check_mfma: no such file: {args.object}", file=sys.stderr)
        return 2
    bins = args.llvm_bin + [os.path.dirname(p) for p in [shutil.which("llvm-objdump")] if p]
    objdump, objcopy = find_tool("llvm-objdump", bins), find_tool("llvm-objcopy", bins)
    if objdump is None or objcopy is None:
        print(f"check_mfma: {'FAIL' if require_tools() else 'skipped'}: no "
              "llvm-objdump/llvm-objcopy of the HIP compiler's LLVM")
        return 1 if require_tools() else SKIP
    with tempfile.TemporaryDirectory() as workdir:
        objects = code_objects(objcopy, args.object, workdir)
        if not objects:
            print(f"check_mfma: no AMD GPU code object in {args.object}", file=sys.stderr)
            return 1
        per_target = {t: mfma_per_kernel(objdump, path) for t, path in objects.items()}
    lines, failures = check(per_target)
    for line in lines:
        print(line)
    for f in failures:
        print(f"FAIL {f}")
    print(f"check_mfma: {len(lines)} kernel/target checks passed, {len(failures)} failed "
          f"({', '.join(sorted(per_target))}; {objdump})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
