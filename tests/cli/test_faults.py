"""Injected faults (RIDGELINE_FAULT test hook) through the real binary: the run goes on
where it can, the faulted benchmark carries its status and reason, the file on disk is
valid JSON with every benchmark finished before, and the exit code says so."""
import os
import subprocess
import unittest

from cli_support import BIN, TempDir, load

# copy, triad, peak_fma fp64 and fp32, two intensity points: every family, about a second.
FILTER = r"^(copy|triad)/|^peak_fma/fp(64|32)$|^intensity/fp64/ai:(1|8)$"
ORDER = ["copy/fp64", "triad/fp64", "peak_fma/fp64", "peak_fma/fp32",
         "intensity/fp64/ai:1", "intensity/fp64/ai:8"]


def run_with_fault(tmp, fault, *extra):
    out = os.path.join(tmp, "r.json")
    env = dict(os.environ, RIDGELINE_FAULT=fault)
    # --device cpu: the faults wrap the CPU backend, and an explicit device keeps the
    # "no CUDA device; trying the next backend" note of a CUDA build off stderr.
    proc = subprocess.run([BIN, "run", "--device", "cpu", "--suite", "quick", "--size", "2M",
                           "--repetitions", "2", "--filter", FILTER, "--out", out, *extra],
                          env=env, capture_output=True, text=True, timeout=120)
    return proc, load(out)["ridgeline"]


class InjectedFaults(unittest.TestCase):
    def statuses(self, rl):
        return {b["name"]: (b["status"], b.get("reason", "")) for b in rl["benchmarks"]}

    def test_allocation_failure_skips_that_benchmark_only(self):
        with TempDir() as tmp:
            proc, rl = run_with_fault(tmp, "alloc:triad")
            self.assertEqual(proc.returncode, 1, proc.stderr)
            s = self.statuses(rl)
            self.assertEqual(list(s), ORDER)
            self.assertEqual(s["triad/fp64"], ("skipped", "cannot allocate the arrays for triad (injected fault)"))
            self.assertEqual([n for n, (st, _) in s.items() if st != "ok"], ["triad/fp64"])
            self.assertEqual(rl["run"]["status"], "complete")

    def test_failed_launch_fails_with_the_error(self):
        with TempDir() as tmp:
            proc, rl = run_with_fault(tmp, "launch:peak_fma/fp32")
            self.assertEqual(proc.returncode, 1, proc.stderr)
            s = self.statuses(rl)
            self.assertEqual(s["peak_fma/fp32"], ("failed", "kernel launch failed (injected fault)"))
            self.assertEqual(s["intensity/fp64/ai:8"][0], "ok")

    def test_wrong_result_fails_verification(self):
        with TempDir() as tmp:
            proc, rl = run_with_fault(tmp, "wrong:copy")
            self.assertEqual(proc.returncode, 1, proc.stderr)
            copy = rl["benchmarks"][0]
            self.assertEqual(copy["status"], "failed")
            self.assertTrue(copy["reason"].startswith("verification failed:"), copy["reason"])
            self.assertEqual(copy["params"]["injected_faults"], "wrong:copy")
            self.assertEqual(len(rl["benchmarks"]), len(ORDER))

    def test_rate_above_the_physical_limit_fails_and_prints_no_number(self):
        with TempDir() as tmp:
            proc, rl = run_with_fault(tmp, "fast:peak_fma/fp64")
            self.assertEqual(proc.returncode, 1, proc.stderr)
            peak = next(b for b in rl["benchmarks"] if b["name"] == "peak_fma/fp64")
            self.assertEqual(peak["status"], "failed")
            self.assertTrue(peak["reason"].startswith("exceeds the physical limit ("), peak["reason"])
            self.assertIn("FMA pipes", peak["reason"])
            self.assertNotIn("median_rate", peak)
            # The console shows the reason, and no rate for it in the compute table.
            self.assertIn("peak_fma/fp64", proc.stdout)
            self.assertNotRegex(proc.stdout, r"fp64\s+[0-9.]+\s+GFLOP/s\s+.*peak_fma/fp64")
            # The fp32 peak beside it measured normally, under its limit, with its clock.
            fp32 = next(b for b in rl["benchmarks"] if b["name"] == "peak_fma/fp32")
            self.assertEqual(fp32["status"], "ok")
            self.assertLess(fp32["median_rate"], fp32["physical_limit"])
            self.assertEqual(fp32["conditions"]["source"], "clock probe")

    def test_hang_ends_the_run_with_124_and_keeps_the_file(self):
        with TempDir() as tmp:
            proc, rl = run_with_fault(tmp, "hang:peak_fma/fp32", "--time-limit", "1.5")
            self.assertEqual(proc.returncode, 124, proc.stderr)
            # One error line after the progress lines ("[i/n] name: rate") of what finished.
            errors = [l for l in proc.stderr.strip().splitlines() if not l.startswith("[")]
            self.assertEqual(len(errors), 1, proc.stderr)
            self.assertIn("peak_fma/fp32 timed out after 1.5 s", proc.stderr)
            s = self.statuses(rl)
            self.assertEqual(list(s), ORDER[:4])
            self.assertEqual(s["peak_fma/fp32"], ("failed", "timed out after 1.5 s"))
            self.assertEqual(rl["run"]["status"], "incomplete")

    def test_hang_the_backend_can_abort_fails_only_that_benchmark(self):
        with TempDir() as tmp:
            proc, rl = run_with_fault(tmp, "abortable-hang:triad", "--time-limit", "1.5")
            self.assertEqual(proc.returncode, 1, proc.stderr)
            s = self.statuses(rl)
            self.assertEqual(list(s), ORDER)
            self.assertTrue(s["triad/fp64"][1].startswith("timed out after 1.5 s"), s)
            self.assertEqual(rl["run"]["status"], "complete")

    def test_bad_fault_spec_is_one_clear_line(self):
        env = dict(os.environ, RIDGELINE_FAULT="melt:triad")
        proc = subprocess.run([BIN, "run", "--device", "cpu"], env=env, capture_output=True,
                              text=True, timeout=60)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("RIDGELINE_FAULT item 'melt:triad': unknown fault", proc.stderr)


if __name__ == "__main__":
    unittest.main()
