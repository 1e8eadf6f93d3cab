"""`ridgeline run` end to end on the CPU: table, result file, Google Benchmark fields."""
import math
import os
import re
import unittest

from cli_support import SMALL, TempDir, load, ridgeline

GB_ITERATION_FIELDS = {"name": str, "run_name": str, "run_type": str, "repetitions": int,
                       "repetition_index": int, "threads": int, "iterations": int,
                       "real_time": (int, float), "cpu_time": (int, float), "time_unit": str}


def finite_numbers(node):
    if isinstance(node, dict):
        return all(finite_numbers(v) for v in node.values())
    if isinstance(node, list):
        return all(finite_numbers(v) for v in node)
    if isinstance(node, float):
        return math.isfinite(node)
    return True


class RunWritesAResultFile(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        d = cls.tmp.__enter__()
        cls.path = os.path.join(d, "run.json")
        cls.result = ridgeline("run", "--suite", "quick", *SMALL,
                               "--filter", "^(copy|triad)/fp64$|^peak_fma/fp64$|ai:(0.125|8)$",
                               "--out", cls.path)
        cls.doc = load(cls.path) if os.path.exists(cls.path) else None

    @classmethod
    def tearDownClass(cls):
        cls.tmp.__exit__(None, None, None)

    def test_exit_code_and_table(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr)
        out = self.result.stdout
        self.assertIn("Memory bandwidth, GB/s", out)
        self.assertIn("Compute peak", out)
        self.assertIn("Ridge point", out)
        self.assertRegex(out, r"triad\s+a\[i\] = b\[i\] \+ s \* c\[i\]\s+[\d.]+")
        self.assertIn(self.path, out)

    def test_google_benchmark_shape(self):
        doc = self.doc
        self.assertEqual(doc["context"]["json_schema_version"], 1)
        iterations = [b for b in doc["benchmarks"] if b["run_type"] == "iteration"]
        self.assertEqual(len(iterations), 5 * 2)  # five benchmarks x two repetitions
        for b in iterations:
            for field, kind in GB_ITERATION_FIELDS.items():
                self.assertIsInstance(b[field], kind, field)
        medians = [b for b in doc["benchmarks"] if b.get("aggregate_name") == "median"]
        self.assertEqual(len(medians), 5)

    def test_ridgeline_section(self):
        rl = self.doc["ridgeline"]
        self.assertEqual(rl["schema_version"].split(".")[0], "1")
        self.assertEqual(rl["kind"], "run")
        self.assertEqual(rl["run"]["status"], "complete")
        self.assertEqual(rl["device"]["backend"], "cpu")
        self.assertTrue(rl["tool"]["git_sha"])
        names = [b["name"] for b in rl["benchmarks"]]
        self.assertEqual(names, ["copy/fp64", "triad/fp64", "peak_fma/fp64",
                                 "intensity/fp64/ai:0.125", "intensity/fp64/ai:8"])
        for b in rl["benchmarks"]:
            self.assertEqual(b["status"], "ok", b)
            self.assertEqual(b["verification"]["verdict"], "pass")
            self.assertEqual(len(b["samples_seconds"]), 2)

    def test_bytes_come_from_the_declarations(self):
        triad = next(b for b in self.doc["ridgeline"]["benchmarks"] if b["name"] == "triad/fp64")
        self.assertEqual(triad["bytes_per_call"], 24 * triad["elements"])
        self.assertEqual(triad["flops_per_call"], 2 * triad["elements"])
        ai = next(b for b in self.doc["ridgeline"]["benchmarks"] if b["name"].endswith("ai:8"))
        self.assertAlmostEqual(ai["flops_per_call"] / ai["bytes_per_call"], 8.0)

    def test_no_nan_or_infinity(self):
        with open(self.path) as f:
            text = f.read()
        self.assertNotRegex(text, r"\b(NaN|Infinity)\b")
        self.assertTrue(finite_numbers(self.doc))


class DefaultOutputPath(unittest.TestCase):
    def test_results_dir_and_dated_name(self):
        with TempDir() as cwd:
            r = ridgeline("run", *SMALL, "--filter", "^copy/fp64$", cwd=cwd)
            self.assertEqual(r.returncode, 0, r.stderr)
            files = os.listdir(os.path.join(cwd, "results"))
            self.assertEqual(len(files), 1)
            self.assertRegex(files[0], r"^cpu-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.json$")
            # A second run the same day gets a new name instead of overwriting.
            r = ridgeline("run", *SMALL, "--filter", "^copy/fp64$", cwd=cwd)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(len(os.listdir(os.path.join(cwd, "results"))), 2)


class WorkingSetSweepRuns(unittest.TestCase):
    """cache_read and chase at two small working sets of --suite full: verified, counted
    as declared, the latency in ns per load, and the summary table."""

    def test_cache_read_and_chase(self):
        with TempDir() as d:
            path = os.path.join(d, "ws.json")
            r = ridgeline("run", "--suite", "full", "--repetitions", "2", "--filter",
                          r"^(cache_read/fp32|chase/int32)/working_set:(16384|65536)$",
                          "--out", path)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("Working sets", r.stdout)
            benchmarks = load(path)["ridgeline"]["benchmarks"]
        self.assertEqual(len(benchmarks), 4)
        for b in benchmarks:
            self.assertEqual(b["status"], "ok", b)
            self.assertEqual(b["verification"]["verdict"], "pass")
            self.assertEqual(b["params"]["sweep"], "working_set")
            self.assertIn(b["array_bytes"], (16384, 65536))
            self.assertIn("physical_limit", b)
            config = b["params"]
            if b["name"].startswith("cache_read/"):
                self.assertEqual(b["unit"], "GB/s")
                self.assertEqual(b["elements"] * 4, b["array_bytes"])
                self.assertEqual(b["bytes_per_call"],
                                 b["array_bytes"] * config["passes"] * config["threads"])
            else:
                self.assertEqual(b["unit"], "ns/load")
                self.assertEqual(b["family"], "latency")
                self.assertEqual(config["slots"], b["array_bytes"] // 128)
                self.assertGreaterEqual(b["elements"], 1 << 16)  # loads per call


if __name__ == "__main__":
    unittest.main()
