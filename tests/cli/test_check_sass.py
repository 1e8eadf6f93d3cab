"""scripts/check_sass.py against canned disassembly from a stand-in cuobjdump: passes only
when every listed matrix kernel has its matrix opcode, and says which one fell back."""
import os
import subprocess
import sys
import tempfile
import unittest

SOURCE = os.environ.get("RIDGELINE_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "../.."))
SCRIPT = os.path.join(SOURCE, "scripts", "check_sass.py")
sys.path.insert(0, os.path.dirname(SCRIPT))
import check_sass  # noqa: E402


def opcode_for(pattern):
    """A concrete opcode the EXPECTED pattern matches (the patterns are escaped literals)."""
    return pattern.replace("\\.", ".").rstrip("$")


def function(arch, name, opcodes):
    lines = [f"arch = {arch}", "code version = [1,8]", f"\t\tFunction : {name}"]
    for i, op in enumerate(opcodes):
        lines.append(f"        /*{i * 16:04x}*/                   {op} R8, R4, R2, RZ ;"
                     "   /* 0x0000000000000000 */")
    return "\n".join(lines)


def full_listing(replace=None, drop=(), extra=()):
    """One function per EXPECTED entry with its opcodes; `replace` maps an entry to other
    opcodes, `drop` leaves entries out."""
    parts = []
    for e in check_sass.EXPECTED:
        if (e.kernel, e.arch) in drop:
            continue
        ops = (replace or {}).get((e.kernel, e.arch), [opcode_for(p) for p in e.opcodes])
        parts.append(function(e.arch, e.kernel, ["LDC", *ops, "EXIT"]))
    parts.extend(extra)
    return "\n".join(parts) + "\n"


class CheckSass(unittest.TestCase):
    def run_script(self, listing):
        with tempfile.TemporaryDirectory() as tmp:
            sass = os.path.join(tmp, "listing.sass")
            with open(sass, "w") as f:
                f.write(listing)
            fake = os.path.join(tmp, "cuobjdump")
            with open(fake, "w") as f:
                f.write(f"#!/bin/sh\ncat '{sass}'\n")
            os.chmod(fake, 0o755)
            library = os.path.join(tmp, "gpu_matrix.cu.o")
            open(library, "w").close()
            return subprocess.run([sys.executable, SCRIPT, "--cuobjdump", fake, library],
                                  capture_output=True, text=True, timeout=60)

    def test_every_expected_opcode_passes(self):
        result = self.run_script(full_listing())
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn(f"{len(check_sass.EXPECTED)} kernel/arch checks passed, 0 failed",
                      result.stdout)

    def test_vector_fallback_fails_with_what_it_found(self):
        e = check_sass.EXPECTED[1]  # wgmma bf16 on sm_90a
        result = self.run_script(full_listing(replace={(e.kernel, e.arch): ["FFMA"] * 9}))
        self.assertEqual(result.returncode, 1)
        self.assertIn("has no instruction matching", result.stdout)
        self.assertIn("no matrix opcode", result.stdout)
        self.assertIn("9 x FFMA", result.stdout)

    def test_fp16_hmma_does_not_satisfy_bf16(self):
        e = next(x for x in check_sass.EXPECTED if x.kernel.endswith("MmaSyncBf16,"))
        result = self.run_script(full_listing(replace={(e.kernel, e.arch): ["HMMA.16816.F32"]}))
        self.assertEqual(result.returncode, 1)
        self.assertIn("1 x HMMA.16816.F32", result.stdout)

    def test_folded_products_fail_unless_known(self):
        # More FADD than matrix instructions: the kernel times the vector pipes.
        e = next(x for x in check_sass.EXPECTED if x.kernel.endswith("MmaSyncF16,"))
        folded = ["HMMA.16816.F32"] * 2 + ["FADD"] * 40
        result = self.run_script(full_listing(replace={(e.kernel, e.arch): folded}))
        self.assertEqual(result.returncode, 1)
        self.assertIn("runs more vector float arithmetic (40) than matrix instructions (2)",
                      result.stdout)
        known = next(x for x in check_sass.EXPECTED if x.known_issue)
        ops = [opcode_for(p) for p in known.opcodes] + ["FADD"] * 40
        result = self.run_script(full_listing(replace={(known.kernel, known.arch): ops}))
        self.assertEqual(result.returncode, 0, result.stdout)
        self.assertIn("KNOWN", result.stdout)

    def test_missing_mma_kernels_fail(self):
        drop = {(e.kernel, e.arch) for e in check_sass.EXPECTED if "MmaSync" in e.kernel}
        result = self.run_script(full_listing(drop=drop))
        self.assertEqual(result.returncode, 1)
        self.assertIn("no mma kernels found", result.stdout)

    def test_unlisted_matrix_kernel_fails(self):
        extra = function("sm_80", "mma_kernel<ridgeline::kernels::MmaSyncF64>", ["DMMA.884"])
        result = self.run_script(full_listing(extra=[extra]))
        self.assertEqual(result.returncode, 1)
        self.assertIn("missing from check_sass.py's EXPECTED list", result.stdout)

    def test_predicated_instructions_count(self):
        listing = function("sm_90a", "k", ["HGMMA.64x256x16.F32"]).replace(
            "HGMMA", "@!P0 HGMMA")
        counts = check_sass.parse(listing)[("sm_90a", "k")]
        self.assertEqual(counts["HGMMA.64x256x16.F32"], 1)


if __name__ == "__main__":
    unittest.main()
