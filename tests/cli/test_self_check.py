"""A run checks itself: warnings printed under its table and kept in its file, the host's
load and governor in `context`, and readers (compare) told about unfinished inputs."""
import os
import unittest

from cli_support import TempDir, load, ridgeline

HERE = os.path.dirname(os.path.abspath(__file__))
COMPARE = os.path.join(HERE, "..", "fixtures", "compare")


class ACheckedRun(unittest.TestCase):
    """A quick fp64 run on 2 MiB arrays (they fit in any last-level cache) with peak_fma/fp64
    made to look 8x slower by the RIDGELINE_FAULT test hook, as a busy machine would: the
    sweep's compute-bound point then beats it."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        d = cls.tmp.__enter__()
        cls.path = os.path.join(d, "run.json")
        env = dict(os.environ, RIDGELINE_FAULT="slow:peak_fma/fp64")
        import subprocess
        from cli_support import BIN
        cls.result = subprocess.run(
            [BIN, "run", "--suite", "quick", "--size", "2M", "--repetitions", "3",
             "--filter", "^(copy|triad)/fp64$|^peak_fma/fp64$|^intensity/fp64/ai:64$",
             "--out", cls.path], capture_output=True, text=True, timeout=240, env=env)
        cls.doc = load(cls.path)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.__exit__(None, None, None)

    def warnings(self):
        return {w["kind"]: w for w in self.doc["ridgeline"]["warnings"]}

    def test_the_table_prints_the_warnings(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr)
        out = self.result.stdout
        self.assertIn("Warnings (the run's self-check; kept in the result file)", out)
        self.assertRegex(out, r"above_peak\s+intensity/fp64/ai:64 reached [\d.]+ GFLOP/s, "
                              r"[\d.]+x the compute ceiling peak_fma/fp64")
        self.assertRegex(out, r"fits_in_cache\s+.*fits in the [\d.]+ [KMG]iB last-level cache")

    def test_the_file_keeps_them(self):
        w = self.warnings()
        self.assertEqual(w["above_peak"]["benchmarks"], ["intensity/fp64/ai:64", "peak_fma/fp64"])
        self.assertIn("triad/fp64", w["fits_in_cache"]["benchmarks"])
        self.assertIn("copy/fp64", w["fits_in_cache"]["benchmarks"])
        for warning in self.doc["ridgeline"]["warnings"]:
            self.assertTrue(warning["message"])

    def test_context_records_the_load_average(self):
        context = self.doc["context"]
        run = self.doc["ridgeline"]["run"]
        self.assertEqual(len(context["load_avg"]), 3)  # /proc/loadavg on Linux
        self.assertTrue(all(x >= 0 for x in context["load_avg"]))
        self.assertEqual(context["load_avg"], run["host_at_start"]["load_avg"])
        self.assertEqual(len(run["host_at_end"]["load_avg"]), 3)
        # The governor where cpufreq exists; this VM may have none: then null, not made up.
        governor = run["host_at_start"]["cpu_governor"]
        self.assertEqual(context["cpu_frequency_governor"], governor or None)
        self.assertEqual(context["cpu_scaling_enabled"], bool(governor) and governor != "performance")

    def test_each_benchmark_records_its_time_and_the_hosts_load(self):
        rl = self.doc["ridgeline"]
        self.assertEqual(rl["run"]["planned_benchmarks"], 4)
        shares = []
        for b in rl["benchmarks"]:
            self.assertGreater(b["wall_seconds"], 0, b["name"])
            if b["host_busy_share"] is not None:  # unknown for a benchmark under 0.1 CPU-s
                self.assertGreaterEqual(b["host_busy_share"], 0)
                self.assertLessEqual(b["host_busy_share"], 1)
                shares.append(b["host_busy_share"])
        self.assertTrue(shares, ("no benchmark ran long enough to measure the host's load",
                                [(b["name"], b["status"], b["wall_seconds"]) for b in rl["benchmarks"]]))


def compare(*names):
    return ridgeline("compare", *[os.path.join(COMPARE, n) for n in names])


class ReadersWarnAboutUnfinishedInputs(unittest.TestCase):
    def test_compare_warns_about_an_interrupted_input(self):
        result = compare("base.json", "interrupted.json")
        self.assertEqual(result.returncode, 0, result.stderr)  # a warning, not a verdict
        lines = result.stderr.splitlines()
        self.assertEqual(len(lines), 2, result.stderr)
        self.assertRegex(lines[0], r"^ridgeline: warning: .*interrupted\.json: run interrupted "
                                   r"\(Ctrl-C or SIGTERM\) before its end; it holds 4 of 6 "
                                   r"planned benchmarks$")
        self.assertRegex(lines[1], r"interrupted\.json: the run recorded 1 self-check warning "
                                   r"\(noisy; ridgeline show prints them\)$")

    def test_a_complete_input_gets_no_warning(self):
        self.assertEqual(compare("base.json", "rerun.json").stderr, "")

    def test_roofline_and_project_say_it_too(self):
        with TempDir() as d:
            result = ridgeline("roofline", os.path.join(COMPARE, "interrupted.json"), "--out",
                               os.path.join(d, "r.svg"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("run interrupted", result.stderr)
        result = ridgeline("project", "--workload", "gemm", "--m", "64", "--n", "64", "--k", "64",
                           "--dtype", "fp32", os.path.join(COMPARE, "interrupted.json"))
        self.assertIn("run interrupted", result.stderr)

    def test_show_reprints_the_warnings_and_the_status(self):
        result = ridgeline("show", os.path.join(COMPARE, "interrupted.json"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("run interrupted (4 of 6 planned benchmarks)", result.stdout)
        self.assertRegex(result.stdout, r"noisy\s+1 benchmark is noisy \(fixture\)")


if __name__ == "__main__":
    unittest.main()
