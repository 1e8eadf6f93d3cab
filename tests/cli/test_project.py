"""ridgeline project: the hand-computed decode case on datasheets, a GEMM, a run without
the requested dtype, and bad input (one line, exit 2)."""
import glob
import json
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


@unittest.skipUnless(HAS_DATASHEETS, "results/datasheets has no datasheet files yet")
class ProjectInputs(unittest.TestCase):
    """Counts with the suffixes models are named by, and numbers printed for a person."""

    def test_suffixes_mean_what_the_exponents_mean(self):
        spelled = ridgeline("project", "--workload", "llm", "--params", "8B", "--layers", "32", "--hidden", "4k",
                            "--kv-heads", "8", "--context", "4k", "--batch", "1,1k", "chip:nvidia-h20")
        plain = ridgeline("project", "--workload", "llm", "--params", "8e9", "--layers", "32", "--hidden",
                          "4000", "--kv-heads", "8", "--context", "4000", "--batch", "1,1000",
                          "chip:nvidia-h20")
        self.assertEqual(spelled.returncode, 0, spelled.stderr)
        self.assertEqual(spelled.stdout, plain.stdout)
        self.assertIn(": 8B parameters, 32 layers, hidden 4000, 8 KV heads x head_dim 128, prompt and "
                      "context 4000 tokens\n", plain.stdout)

    def test_gemm_dimensions_with_suffixes(self):
        result = ridgeline("project", "--workload", "gemm", "--m", "4k", "--n", "1M", "--k", "8k", "chip:h20")
        self.assertEqual(result.returncode, 0, result.stderr)
        # 2 m n k = 6.4e13 flops; (m k + k n + m n) x 2 bytes = 2.41e10 bytes.
        self.assertIn("with m 4000, n 1000000, k 8000: 64.0 TFLOP, 24.1 GB moved at best (intensity 2660 "
                      "flop/B)", result.stdout)

    def test_one_byte_per_value_and_hours(self):
        result = ridgeline("project", "--workload", "llm", "--params", "70B", "--layers", "80", "--hidden", "8192",
                           "--kv-heads", "8", "--context", "128k", "--batch", "1,64", "--dtype", "fp8",
                           "chip:nvidia-h20")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("LLM projection, fp8 (1 byte per value): 70B parameters, 80 layers", result.stdout)
        # Prefill of 64 x 128k tokens: 8530 s at 296 TFLOP/s, printed in hours, not "8530 s".
        self.assertRegex(result.stdout, r"NVIDIA H20 \(96GB\)\s+64\s+2\.37 h\s+compute\s+353 ms\s+memory\s+181\s")
        self.assertRegex(result.stdout, r"NVIDIA H20 \(96GB\)\s+1\s+2\.22 min\s+compute")

    def test_one_kv_head(self):
        args = [a if a != "8" else "1" for a in LLM_8B]
        result = ridgeline("project", *args, "chip:nvidia-h20")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(", 1 KV head x head_dim 128,", result.stdout)

    def test_json_format(self):
        result = ridgeline("project", *LLM_8B, "--batch", "1,256", "--format", "json", "chip:nvidia-h20")
        self.assertEqual(result.returncode, 0, result.stderr)
        doc = json.loads(result.stdout)
        self.assertEqual(doc["shape"], {"params": 8000000000, "layers": 32, "hidden": 4096, "kv_heads": 8,
                                        "head_dim": 128, "context": 4096})
        (h20,) = doc["inputs"]
        self.assertEqual(h20["ceilings_from"], "datasheet")
        self.assertEqual([b["batch"] for b in h20["batches"]], [1, 256])
        one = h20["batches"][0]
        self.assertAlmostEqual(one["decode_step"]["seconds"], 4.134e-3, delta=1e-6)  # the 4.13 ms of the table
        self.assertEqual(one["decode_step"]["bound"], "memory")
        self.assertTrue(one["fits_in_memory"])
        self.assertFalse(h20["batches"][1]["fits_in_memory"])  # 153 GB on a 96 GB chip


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

    def assertErrorLine(self, result, message):
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertEqual(result.stderr, "ridgeline: error: %s (see ridgeline project --help)\n" % message)
        self.assertEqual(result.stdout, "")

    def gemm(self, m, n="4096", k="4096"):
        return ridgeline("project", "--workload", "gemm", "--m", m, "--n", n, "--k", k, "chip:nvidia-h20")

    def test_matrix_dimensions_are_whole(self):
        self.assertErrorLine(self.gemm("1.5"), "--m '1.5': not a whole number (expected a whole number from 1 "
                             "to 2147483648; suffixes k, M, B or G, T)")

    def test_absurd_matrix_dimensions_are_refused(self):
        # Once printed a 70-digit EFLOP figure.
        self.assertErrorLine(self.gemm("1e30"), "--m '1e30': out of range (expected a whole number from 1 to "
                             "2147483648; suffixes k, M, B or G, T)")

    def test_params_are_a_whole_count(self):
        args = [a if a != "8e9" else "0.5" for a in LLM_8B]
        self.assertErrorLine(ridgeline("project", *args, "chip:nvidia-h20"),
                             "--params '0.5': not a whole number (expected a whole number from 1 to 100T; "
                             "suffixes k, M, B or G, T)")

    def test_params_beyond_100T(self):
        args = [a if a != "8e9" else "1e15" for a in LLM_8B]
        self.assertErrorLine(ridgeline("project", *args, "chip:nvidia-h20"),
                             "--params '1e15': out of range (expected a whole number from 1 to 100T; "
                             "suffixes k, M, B or G, T)")

    def test_context_beyond_10M(self):
        args = LLM_8B[:-1] + ["20M"]  # --context is last
        self.assertErrorLine(ridgeline("project", *args, "chip:nvidia-h20"),
                             "--context '20M': out of range (expected a whole number from 1 to 10M; "
                             "suffixes k, M, B or G, T)")

    def test_batch_list_item(self):
        self.assertErrorLine(ridgeline("project", *LLM_8B, "--batch", "1,2.5", "chip:nvidia-h20"),
                             "--batch '1,2.5': '2.5' is not a batch size (expected a comma-separated list of "
                             "whole numbers from 1 to 1M, e.g. 1,8,64 or 1k)")

    def test_unknown_format(self):
        self.assertErrorLine(ridgeline("project", *LLM_8B, "--format", "xml", "chip:nvidia-h20"),
                             "--format 'xml': expected table, md, csv or json")


if __name__ == "__main__":
    unittest.main()
