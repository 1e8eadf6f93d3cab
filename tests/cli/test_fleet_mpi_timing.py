"""The fleet verdicts that hang on timing, under a real `mpirun`: a planted slow rank named
by `ridgeline fleet`, and the rank that arrives late at every all-reduce named its
straggler. CTest runs this file alone (RUN_SERIAL): a test beside it on a two-core machine
moves one rank's rate more than the 30% planted here. The sanitizer preset leaves it out,
as instrumentation stretches every rank's time unevenly; the judgement itself is unit
tested there (analysis.FleetJudgement)."""
import json
import os
import unittest

from cli_support import TempDir, ridgeline
from test_fleet_mpi import MPIRUN, PLUGIN, mpirun, rank_files


@unittest.skipUnless(MPIRUN, "mpirun is not installed (Debian: openmpi-bin)")
@unittest.skipUnless(os.path.exists(PLUGIN), f"{PLUGIN} was not built (Debian: libopenmpi-dev)")
class MpirunFleetTiming(unittest.TestCase):
    def test_a_slow_rank_is_found_and_named(self):
        # One rank after another (--sequential): four ranks at once on a two-core machine
        # share its cores as the scheduler pleases (a CI run saw 0.48x-1x between
        # unchanged ranks), while one at a time each has the machine. Nine samples each,
        # and --tolerance 25: unchanged ranks come within 0.85x of the best, the planted
        # 30% at 0.65-0.68x. A noisy machine may still move one run: each case gets one
        # more try, never more. Ranks measuring together: test_fleet_mpi.py.
        for fault, expected_code in [("", 0), ("slow=30:*@2", 1)]:
            expected = ["SLOW" if fault and r == 2 else "PASS" for r in range(4)]
            for attempt in range(2):
                verdicts, judged = self.judged_fleet(fault)
                if verdicts == expected and judged.returncode == expected_code:
                    break
            self.assertEqual(judged.returncode, expected_code, judged.stdout + judged.stderr)
            self.assertEqual(verdicts, expected, judged.stdout)
            if fault:
                reasons = json.loads(judged.stdout)["devices"][2]["reasons"]
                self.assertTrue(reasons and reasons[0].startswith("peak_fma/fp64 0."), reasons)

    def judged_fleet(self, fault):
        with TempDir() as d:
            run = mpirun(4, "run", "--suite", "quick", "--size", "2M", "--repetitions", "9",
                         "--filter", r"^peak_fma/fp64$", "--sequential", "--out-dir", d,
                         env_extra={"RIDGELINE_FAULT": fault} if fault else None)
            self.assertIn(run.returncode, (0, 1), run.stdout + run.stderr)
            self.assertEqual(len(rank_files(d)), 4)
            judged = ridgeline("fleet", d, "--tolerance", "25", "--format", "json")
            return [dev["verdict"] for dev in json.loads(judged.stdout)["devices"]], judged

    def test_the_straggler_of_a_collective_is_named(self):
        # Rank 2 arrives late at every all-reduce: the others wait inside the call for it,
        # so it spends the least time there and is named, though every rank records the
        # same (slowest) time per call.
        with TempDir() as d:
            run = mpirun(4, "run", "--suite", "quick", "--size", "2M", "--repetitions", "5",
                         "--filter", r"^all_reduce/fp32/bytes:4194304$", "--out-dir", d,
                         env_extra={"RIDGELINE_FAULT": "slow=50:all_reduce@2"})
            self.assertIn(run.returncode, (0, 1), run.stdout + run.stderr)
            judged = ridgeline("fleet", d, "--format", "json")
            self.assertEqual(judged.returncode, 1, judged.stdout + judged.stderr)
            out = json.loads(judged.stdout)
            self.assertEqual([dev["verdict"] for dev in out["devices"]],
                             ["PASS", "PASS", "SLOW", "PASS"])
            self.assertTrue(out["devices"][2]["reasons"][0].startswith(
                "straggler of all_reduce/fp32/bytes:4194304"), out["devices"][2]["reasons"])


if __name__ == "__main__":
    unittest.main()
