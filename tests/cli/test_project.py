"""ridgeline project: the hand-computed decode case on datasheets, a GEMM, a run without
the requested dtype, and bad input (one line, exit 2)."""
import glob
import os
import unittest

from cli_support import TempDir, ridgeline

SOURCE = os.environ.get("RIDGELINE_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "../.."))
HAS_DATASHEETS = bool(glob.glob(os.path.join(SOURCE, "results", "datasheets", "*.json")))
LLM_8B = ["--workload", "llm", "--params", "8e9", "--layers", "32", "--hidden", "4096",
          "--kv-heads", "8", "--context", "4096"]


@unittest.skipUnless(HAS_DATASHEETS, "results/datasheets has no datasheet files yet")
class ProjectOnDatasheets(unittest.TestCase):
    def test_decode_8b_bf16_batch_1(self):
        result = ridgeline("project", *LLM_8B, "--batch", "1,256", "--dtype", "bf16",
                           "chip:nvidia-h20", "chip:huawei-ascend-910b2")
        self.assertEqual(result.returncode, 0, result.stderr)
        # 16 GB of weights + 0.54 GB of KV cache per step: 4.13 ms at 4.0 TB/s, 10.3 ms at 1.6.
        self.assertRegex(result.stdout, r"NVIDIA H20 \(96GB\)\s+1\s+\S+ ms\s+compute\s+4\.13 ms\s+memory\s+242")
        self.assertRegex(result.stdout, r"Huawei Ascend 910B2\s+1\s+\S+ ms\s+compute\s+10\.3 ms\s+memory")
        self.assertIn("datasheet (chip:nvidia-h20)", result.stdout)
        self.assertIn("exceeds 96.0 GB", result.stdout)  # batch 256 at 4096 tokens: 153 GB

    def test_gemm(self):
        result = ridgeline("project", "--workload", "gemm", "--m", "4096", "--n", "4096", "--k", "4096",
                           "--dtype", "bf16", "chip:nvidia-h20")
        self.assertEqual(result.returncode, 0, result.stderr)
        # 137 GFLOP at 148 TFLOP/s = 0.929 ms, compute-bound.
        self.assertRegex(result.stdout, r"NVIDIA H20 \(96GB\)\s+929 us\s+compute")

    def test_run_without_the_dtype_says_so(self):
        with TempDir() as tmp:
            run = os.path.join(tmp, "run.json")
            made = ridgeline("run", "--suite", "quick", "--size", "2M", "--repetitions", "2",
                             "--filter", "triad|peak_fma/fp32", "--out", run)
            self.assertEqual(made.returncode, 0, made.stderr)
            result = ridgeline("project", *LLM_8B, "--dtype", "bf16", run, "chip:nvidia-h20")
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertIn("bf16 not measured by this run (it measured fp32", result.stdout)
            self.assertIn("measured (%s)" % run, result.stdout)
            fp32 = ridgeline("project", *LLM_8B, "--dtype", "fp32", run)
            self.assertEqual(fp32.returncode, 0, fp32.stderr)
            self.assertNotIn("Not projected", fp32.stdout)
            only = ridgeline("project", *LLM_8B, "--dtype", "bf16", run)
            self.assertEqual(only.returncode, 2)
            self.assertIn("nothing to project onto", only.stderr)


class ProjectBadInput(unittest.TestCase):
    def assertOneLineError(self, result, fragment):
        self.assertEqual(result.returncode, 2, result.stderr)
        first = result.stderr.splitlines()[0]
        self.assertTrue(first.startswith("ridgeline: error: "), result.stderr)
        self.assertIn(fragment, first)

    def test_negative_params(self):
        args = [a if a != "8e9" else "-1" for a in LLM_8B]
        self.assertOneLineError(ridgeline("project", *args, "chip:nvidia-h20"), "--params")

    def test_batch_zero(self):
        self.assertOneLineError(ridgeline("project", *LLM_8B, "--batch", "0", "chip:nvidia-h20"), "--batch")

    def test_batch_not_a_number(self):
        self.assertOneLineError(ridgeline("project", *LLM_8B, "--batch", "1,x", "chip:nvidia-h20"), "'x'")

    def test_missing_shape(self):
        self.assertOneLineError(ridgeline("project", "--workload", "llm", "--params", "8e9", "chip:nvidia-h20"),
                                "--layers")

    def test_unknown_workload(self):
        self.assertOneLineError(ridgeline("project", "--workload", "cnn", "chip:nvidia-h20"), "cnn")

    def test_unknown_dtype(self):
        self.assertOneLineError(ridgeline("project", *LLM_8B, "--dtype", "fp12", "chip:nvidia-h20"), "fp12")

    def test_no_inputs(self):
        self.assertOneLineError(ridgeline("project", *LLM_8B), "no input")

    def test_missing_file(self):
        result = ridgeline("project", *LLM_8B, "/nonexistent/run.json")
        self.assertOneLineError(result, "/nonexistent/run.json")
        self.assertEqual(len(result.stderr.splitlines()), 1)

    def test_not_json(self):
        with TempDir() as tmp:
            bad = os.path.join(tmp, "bad.json")
            with open(bad, "w") as f:
                f.write("[1, 2")
            self.assertOneLineError(ridgeline("project", *LLM_8B, bad), "bad.json")

    def test_unknown_chip(self):
        self.assertOneLineError(ridgeline("project", *LLM_8B, "chip:nvidia-h999"), "chip:nvidia-h999")

    def test_gemm_needs_k(self):
        self.assertOneLineError(
            ridgeline("project", "--workload", "gemm", "--m", "1", "--n", "1", "chip:nvidia-h20"), "--k")


if __name__ == "__main__":
    unittest.main()
