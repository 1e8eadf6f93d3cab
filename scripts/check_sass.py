#!/usr/bin/env python3
"""Checks that every matrix kernel of the CUDA backend compiles to matrix instructions.

Disassembles the backend (cuobjdump -sass on libridgeline_backend_cuda.a or its
objects) and, for each kernel and GPU architecture listed in EXPECTED below, requires
the SASS matrix opcode that kernel exists to measure. A kernel that ptxas lowered to
something else (FFMA loops, an empty body) would time the wrong thing while its result
still verified, so it fails here with the opcodes it does contain.

Exit status: 0 all present, 1 a check failed, 2 bad usage, 77 no cuobjdump (skipped;
with RIDGELINE_REQUIRE_AUDIT=1, as CI sets it, a failure instead).
"""
import argparse
import collections
import os
import re
import shutil
import site
import subprocess
import sys
import sysconfig
import tempfile

SKIP = 77


def require_tools():
    """CI sets RIDGELINE_REQUIRE_AUDIT=1 (scripts/test.sh): a missing disassembler fails."""
    return os.environ.get("RIDGELINE_REQUIRE_AUDIT", "") not in ("", "0")

# What ptxas (CUDA 13) emits, checked by disassembly:
# - wgmma.mma_async m64n256: HGMMA.64x256x16.F32 (fp16), HGMMA.64x256x16.F32.BF16,
#   QGMMA.64x256x32.F32.E4M3.E4M3 / .E5M2.E5M2, IGMMA.64x256x32.S8.S8; sm_90a only (other
#   targets compile the kernel empty and the host refuses to run it there).
# - mma.sync: HMMA.16816.F32 (fp16), HMMA.16816.F32.BF16, HMMA.1688.F32.TF32,
#   IMMA.16832.S8.S8 on sm_80, sm_90a and sm_100. fp8 mma.sync is QMMA.16832 only on
#   sm_89 (Ada); sm_90a and sm_100 have no fp8 mma.sync unit, so ptxas unpacks the fp8
#   operands to fp16 (F2FP.F16.E4M3.UNPACK_B) and issues two HMMA.16816.F32 per
#   instruction: the rate measured there is the fp16 path's. sm_80 has no fp8 mma.sync.
# kernel: part of the demangled function name; arch: the cubin's target; opcodes:
# regular expressions each of which some instruction of that function must match.
# known_issue: why this entry is known to fail now; its failure is reported, not fatal.
Expected = collections.namedtuple("Expected", "kernel arch opcodes known_issue",
                                  defaults=(None,))

# On sm_90a and sm_100 ptxas emulates fp8 mma.sync and, seeing loop-invariant operands,
# computes A x (+B) and A x (-B) once with HMMA and turns the chain into FADDs: such a
# kernel would time FADD, not a matrix unit. So the backend never plans fp8 "mma" there
# (matrix_kernel_available: sm_89 and sm_120+ only; Hopper's fp8 rate is wgmma's); the
# code still exists because one source compiles for every architecture in the list.
_FP8_FOLDED = ("fp8 mma.sync is emulated and folded to FADD by ptxas on sm_90a/sm_100; "
               "never planned there (matrix_kernel_available)")

_FP16_HMMA = r"HMMA\.16816\.F32$"  # no .BF16 suffix: fp16 inputs
EXPECTED = [
    Expected(r"wgmma_kernel<ridgeline::kernels::wgmma::Fp16>", "sm_90a",
             [r"HGMMA\.64x256x16\.F32$"]),
    Expected(r"wgmma_kernel<ridgeline::kernels::wgmma::Bf16>", "sm_90a",
             [r"HGMMA\.64x256x16\.F32\.BF16$"]),
    Expected(r"wgmma_kernel<ridgeline::kernels::wgmma::Fp8E4m3>", "sm_90a",
             [r"QGMMA\.64x256x32\.F32\.E4M3\.E4M3$"]),
    Expected(r"wgmma_kernel<ridgeline::kernels::wgmma::Fp8E5m2>", "sm_90a",
             [r"QGMMA\.64x256x32\.F32\.E5M2\.E5M2$"]),
    Expected(r"wgmma_kernel<ridgeline::kernels::wgmma::Int8>", "sm_90a",
             [r"IGMMA\.64x256x32\.S8\.S8$"]),
]
for _arch in ("sm_80", "sm_90a", "sm_100"):
    EXPECTED += [
        Expected(r"mma_kernel<ridgeline::kernels::MmaSyncF16,", _arch, [_FP16_HMMA]),
        Expected(r"mma_kernel<ridgeline::kernels::MmaSyncBf16,", _arch,
                 [r"HMMA\.16816\.F32\.BF16$"]),
        Expected(r"mma_kernel<ridgeline::kernels::MmaSyncTf32,", _arch,
                 [r"HMMA\.1688\.F32\.TF32$"]),
        Expected(r"mma_kernel<ridgeline::kernels::MmaSyncS8,", _arch, [r"IMMA\.16832\.S8\.S8$"]),
    ]
for _arch in ("sm_90a", "sm_100"):
    EXPECTED += [
        Expected(r"mma_kernel<ridgeline::kernels::MmaSyncE4m3,", _arch,
                 [_FP16_HMMA, r"F2FP\.F16\.E4M3\.UNPACK_B"], _FP8_FOLDED),
        Expected(r"mma_kernel<ridgeline::kernels::MmaSyncE5m2,", _arch,
                 [_FP16_HMMA, r"F2FP\.F16\.E5M2\.UNPACK_B"], _FP8_FOLDED),
    ]

# The backend's members that hold matrix kernels; only these are disassembled (the whole
# library takes cuobjdump ten times longer). A matrix kernel belongs in one of them.
MATRIX_OBJECTS = ("gpu_matrix.cu.o", "gpu_wgmma.cu.o")

# Any function whose name matches this is a matrix kernel and must be listed above for
# every architecture it has matrix code on, so a new kernel cannot go unchecked.
MATRIX_KERNEL = re.compile(r"\b(wgmma|mma)_kernel<")
MATRIX_OPCODE = re.compile(r"^[HIQD]G?MMA\b")
# Floating-point vector arithmetic: a kernel with more of it than matrix instructions is
# timing the vector pipes (an FFMA fallback, or products folded into FADD chains).
VECTOR_FLOAT = re.compile(r"^(FFMA|FADD|FMUL|HFMA2|HADD2|HMUL2)\b")

_ARCH_LINE = re.compile(r"^\s*arch = (sm_\w+)")
_FUNCTION_LINE = re.compile(r"^\s*Function : (\S+)")
_INSTRUCTION = re.compile(r"/\*[0-9a-f]{4,}\*/\s+(?:@!?U?P[T0-9]+\s+)?([A-Z][A-Za-z0-9_.]*)")


def find_cuobjdump(explicit, cuda_bin):
    """cuobjdump from --cuobjdump, $RIDGELINE_CUOBJDUMP, PATH, the CUDA toolkit, or the
    PyPI wheel (nvidia-cuda-cuobjdump puts it in site-packages/nvidia/cu13/bin, the
    environment's or the user's)."""
    candidates = [explicit, os.environ.get("RIDGELINE_CUOBJDUMP"), shutil.which("cuobjdump"),
                  cuda_bin and os.path.join(cuda_bin, "cuobjdump"), "/usr/local/cuda/bin/cuobjdump"]
    roots = [sysconfig.get_paths().get(scheme) for scheme in ("purelib", "platlib")]
    roots.append(site.getusersitepackages())  # pip's fallback outside a virtual env
    for root in roots:
        if root:
            candidates += [os.path.join(root, "nvidia", sub, "bin", "cuobjdump")
                           for sub in ("cu13", "cu12", "cuda_cuobjdump")]
    for c in candidates:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    return None


def objects_to_disassemble(inputs, workdir):
    """Object files as given; from an archive, its MATRIX_OBJECTS members."""
    objects = []
    for path in inputs:
        if not path.endswith(".a"):
            objects.append(path)
            continue
        members = subprocess.run(["ar", "t", path], capture_output=True, text=True,
                                 check=True).stdout.split()
        wanted = [m for m in members if m in MATRIX_OBJECTS]
        if not wanted:
            sys.exit(f"check_sass: {path} has none of {', '.join(MATRIX_OBJECTS)}")
        subprocess.run(["ar", "x", os.path.abspath(path), *wanted], cwd=workdir, check=True)
        objects += [os.path.join(workdir, m) for m in wanted]
    return objects


def disassemble(cuobjdump, objects):
    # One file per call: given several, cuobjdump prints nothing. It runs nvdisasm,
    # which the wheels ship beside it.
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(cuobjdump) + os.pathsep + env.get("PATH", "")
    listings = []
    for path in objects:
        result = subprocess.run([cuobjdump, "-sass", path], capture_output=True, text=True,
                                env=env, check=False)
        if result.returncode != 0:
            sys.exit(f"check_sass: {cuobjdump} -sass {path} failed: {result.stderr.strip()}")
        if "Function :" not in result.stdout:
            sys.exit(f"check_sass: no device code in {path}")
        listings.append(result.stdout)
    return "\n".join(listings)


def parse(sass):
    """{(arch, mangled name): Counter of opcodes}"""
    functions = collections.defaultdict(collections.Counter)
    arch, name = None, None
    for line in sass.splitlines():
        m = _ARCH_LINE.match(line)
        if m:
            arch, name = m.group(1), None
            continue
        m = _FUNCTION_LINE.match(line)
        if m:
            name = m.group(1)
            functions[(arch, name)]  # a function with no instruction is still listed
            continue
        if name is not None:
            m = _INSTRUCTION.search(line)
            if m:
                functions[(arch, name)][m.group(1)] += 1
    return functions


def demangle(names):
    names = sorted(set(names))
    if not names:
        return {}
    filt = shutil.which("c++filt")
    if filt is None:
        return {n: n for n in names}
    out = subprocess.run([filt], input="\n".join(names), capture_output=True, text=True,
                         check=True).stdout.splitlines()
    return dict(zip(names, out))


def matrix_summary(opcodes):
    found = sorted((op, n) for op, n in opcodes.items() if MATRIX_OPCODE.match(op))
    return ", ".join(f"{n} x {op}" for op, n in found) or "no matrix opcode"


def vector_summary(opcodes):
    top = [f"{n} x {op}" for op, n in opcodes.most_common(4)]
    return ", ".join(top) or "empty body"


def check(functions):
    names = demangle(name for _, name in functions)
    failures, lines = [], []
    listed = set()
    for e in EXPECTED:
        matches = [(arch, name) for (arch, name) in functions
                   if arch == e.arch and e.kernel in names[name]]
        label = f"{e.arch} {e.kernel.split('::')[-1].rstrip('>')}"
        if not matches:
            family = "wgmma" if "wgmma" in e.kernel else "mma"
            failures.append(f"{label}: no {family} kernels found (expected {e.kernel} in the "
                            f"{e.arch} code)")
            continue
        for key in matches:
            listed.add(key)
            opcodes = functions[key]
            missing = [p for p in e.opcodes if not any(re.search(p, op) for op in opcodes)]
            matrix = sum(n for op, n in opcodes.items() if MATRIX_OPCODE.match(op))
            vector = sum(n for op, n in opcodes.items() if VECTOR_FLOAT.match(op))
            problem = None
            if missing:
                problem = (f"{names[key[1]]} has no instruction matching {', '.join(missing)}; "
                           f"matrix: {matrix_summary(opcodes)}; most frequent: "
                           f"{vector_summary(opcodes)}")
            elif vector > matrix:
                problem = (f"{names[key[1]]} runs more vector float arithmetic ({vector}) than "
                           f"matrix instructions ({matrix}): it times the vector pipes; most "
                           f"frequent: {vector_summary(opcodes)}")
            if problem and e.known_issue:
                lines.append(f"KNOWN {label}: {e.known_issue}: {problem}")
            elif problem:
                failures.append(f"{label}: {problem}")
            elif e.known_issue:
                lines.append(f"ok   {label}: {matrix_summary(opcodes)} (known issue no longer "
                             f"seen; remove its mark in check_sass.py: {e.known_issue})")
            else:
                lines.append(f"ok   {label}: {matrix_summary(opcodes)}")
    # Matrix kernels nobody listed: with matrix code they must be added to EXPECTED.
    for (arch, name), opcodes in sorted(functions.items()):
        if (arch, name) in listed or not MATRIX_KERNEL.search(names[name]):
            continue
        if any(MATRIX_OPCODE.match(op) for op in opcodes):
            failures.append(f"{arch} {names[name]}: a matrix kernel missing from check_sass.py's "
                            f"EXPECTED list ({matrix_summary(opcodes)})")
    return lines, failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", help="libridgeline_backend_cuda.a or object files")
    parser.add_argument("--cuobjdump", help="path of cuobjdump (default: searched)")
    parser.add_argument("--cuda-bin", help="the CUDA toolkit's bin folder, searched too")
    args = parser.parse_args()
    for path in args.inputs:
        if not os.path.isfile(path):
            print(f"check_sass: no such file: {path}", file=sys.stderr)
            return 2
    cuobjdump = find_cuobjdump(args.cuobjdump, args.cuda_bin)
    if cuobjdump is None:
        print(f"check_sass: {'FAIL' if require_tools() else 'skipped'}: no cuobjdump (install "
              "the CUDA toolkit's, or pip install nvidia-cuda-cuobjdump nvidia-cuda-nvdisasm: "
              "scripts/setup.sh does)")
        return 1 if require_tools() else SKIP
    with tempfile.TemporaryDirectory() as workdir:
        functions = parse(disassemble(cuobjdump, objects_to_disassemble(args.inputs, workdir)))
    lines, failures = check(functions)
    for line in lines:
        print(line)
    for f in failures:
        print(f"FAIL {f}")
    known = sum(1 for line in lines if line.startswith("KNOWN"))
    print(f"check_sass: {len(lines) - known} kernel/arch checks passed, {len(failures)} failed, "
          f"{known} known issues")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
