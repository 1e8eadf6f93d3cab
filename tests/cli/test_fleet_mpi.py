"""Fleet runs under a real `mpirun` (Debian's Open MPI) on this machine: four CPU ranks with
--oversubscribe, each writing its own file, MPI barriers before every benchmark, verified
collectives between the processes with nccl-tests' bus factors, rank 0's fleet summary; a
planted slow rank named by `ridgeline fleet`; a rank killed mid-run. Skipped, saying why,
only where mpirun or the MPI plugin is missing (scripts/setup.sh installs Open MPI)."""
import glob
import json
import os
import shutil
import subprocess
import unittest

from cli_support import BIN, TempDir, load, mpi_launched_env, ridgeline

MPIRUN = shutil.which("mpirun")
PLUGIN = os.path.join(os.path.dirname(os.path.abspath(BIN)), "libridgeline_mpi.so")
# One thread per rank (four ranks share two cores), and what Open MPI needs in a container
# run as root: permission, shared-memory transport only, no single-copy ptrace mechanism.
MPI_ENV = {"OMP_NUM_THREADS": "1", "OMPI_ALLOW_RUN_AS_ROOT": "1",
           "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1", "OMPI_MCA_btl": "self,vader",
           "OMPI_MCA_btl_vader_single_copy_mechanism": "none", "OMPI_MCA_rmaps_base_oversubscribe": "1"}
COLLECTIVES = r"^(all_reduce|all_gather|reduce_scatter|all_to_all|broadcast)/fp32/bytes:65536$"
SMALL = ["--suite", "quick", "--size", "2M", "--repetitions", "3"]
BUS_FACTOR = {"all_reduce": lambda n: 2 * (n - 1) / n, "all_gather": lambda n: (n - 1) / n,
              "reduce_scatter": lambda n: (n - 1) / n, "all_to_all": lambda n: (n - 1) / n,
              "broadcast": lambda n: 1.0}


def mpirun(ranks, *args, env_extra=None, timeout=120):
    env = dict(os.environ, **MPI_ENV, **mpi_launched_env(), **(env_extra or {}))
    cmd = [MPIRUN, "-np", str(ranks), "--oversubscribe"]
    for key in ["OMP_NUM_THREADS", "RIDGELINE_FAULT", "ASAN_OPTIONS", "UBSAN_OPTIONS"]:
        if key in env:
            cmd += ["-x", key]
    return subprocess.run(cmd + [BIN, *args], env=env, capture_output=True, text=True, timeout=timeout)


def rank_files(d):
    return sorted(glob.glob(os.path.join(d, "r*.json")))


@unittest.skipUnless(MPIRUN, "mpirun is not installed (Debian: openmpi-bin)")
@unittest.skipUnless(os.path.exists(PLUGIN), f"{PLUGIN} was not built (Debian: libopenmpi-dev)")
class MpirunFleet(unittest.TestCase):
    def test_four_ranks_measure_together_and_rank_zero_judges(self):
        with TempDir() as d:
            result = mpirun(4, "run", *SMALL, "--filter", r"^peak_fma/fp64$|" + COLLECTIVES,
                            "--out-dir", d)
            # The verdict depends on four ranks sharing two cores; the files do not.
            self.assertIn(result.returncode, (0, 1), result.stdout + result.stderr)
            files = rank_files(d)
            self.assertEqual([os.path.basename(f) for f in files],
                             [f"r{r:04d}-{os.uname().nodename}-cpu0.json" for r in range(4)])
            for r, path in enumerate(files):
                rl = load(path)["ridgeline"]
                self.assertEqual(rl["run"]["status"], "complete")
                p = rl["placement"]
                self.assertEqual((p["launcher"], p["rank"], p["world_size"], p["node_id"],
                                  p["local_rank"], p["local_size"], p["coordination"]),
                                 ("openmpi", r, 4, 0, r, 4, "barrier"))
                names = [b["name"] for b in rl["benchmarks"]]
                self.assertEqual(names[0], "peak_fma/fp64")
                collectives = rl["benchmarks"][1:]
                self.assertEqual(len(collectives), 5, names)
                for b in collectives:
                    self.assertEqual(b["status"], "ok", b["reason"])
                    self.assertEqual(b["verification"]["verdict"], "pass")
                    self.assertGreater(b["verification"]["checked"], 0)
                    kernel = b["name"].split("/")[0]
                    self.assertAlmostEqual(b["params"]["bus_factor"], BUS_FACTOR[kernel](4))
                    self.assertEqual((b["params"]["transport"], b["params"]["ranks"]), ("mpi", "0-3"))
                    self.assertEqual(b["bytes_per_call"], 65536)
            # Every rank recorded the collective's time as the slowest rank saw it.
            samples = [load(f)["ridgeline"]["benchmarks"][1]["samples_seconds"] for f in files]
            self.assertTrue(all(s == samples[0] for s in samples), samples)
            self.assertIn("fleet verdict:", result.stdout)
            with open(os.path.join(d, "fleet-summary.json")) as f:
                summary = json.load(f)
            self.assertEqual(len(summary["devices"]), 4)
            self.assertEqual(len(summary["collectives"]), 5)
            self.assertTrue(all(c["transport"] == "mpi" for c in summary["collectives"]))

    def test_two_ranks_use_the_factor_for_two(self):
        with TempDir() as d:
            result = mpirun(2, "run", *SMALL, "--filter", COLLECTIVES, "--out-dir", d)
            self.assertIn(result.returncode, (0, 1), result.stdout + result.stderr)
            for path in rank_files(d):
                for b in load(path)["ridgeline"]["benchmarks"]:
                    self.assertEqual(b["verification"]["verdict"], "pass", b["name"])
                    kernel = b["name"].split("/")[0]
                    self.assertAlmostEqual(b["params"]["bus_factor"], BUS_FACTOR[kernel](2), msg=kernel)

    def test_a_slow_rank_is_found_and_named(self):
        # One rank after another (--sequential): four ranks at once on a two-core machine
        # share its cores as the scheduler pleases (a CI run saw 0.48x-1x between
        # unchanged ranks), while one at a time each has the machine. Nine samples each,
        # and --tolerance 25: unchanged ranks come within 0.85x of the best, the planted
        # 30% at 0.65-0.68x. A noisy machine may still move one run: each case gets one
        # more try, never more. Ranks measuring together are test_four_ranks_... above.
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

    def test_sequential_ranks_take_turns(self):
        with TempDir() as d:
            run = mpirun(2, "run", *SMALL, "--filter", r"^peak_fma/fp64$", "--sequential",
                         "--out-dir", d)
            self.assertIn(run.returncode, (0, 1), run.stdout + run.stderr)
            self.assertIn("no collectives with --sequential", run.stderr)
            for path in rank_files(d):
                rl = load(path)["ridgeline"]
                self.assertEqual(rl["placement"]["coordination"], "sequential")
                self.assertEqual(rl["run"]["status"], "complete")

    def test_a_killed_rank_leaves_the_others_files_and_is_missing(self):
        with TempDir() as d:
            result = mpirun(4, "run", *SMALL, "--filter", r"^(copy|triad)/fp64$|^peak_fma/fp64$",
                            "--out-dir", d, env_extra={"RIDGELINE_FAULT": "kill:peak_fma@1"})
            self.assertNotEqual(result.returncode, 0)
            files = rank_files(d)
            self.assertEqual(len(files), 4)
            for path in files:
                rl = load(path)["ridgeline"]  # valid JSON, whatever stopped the rank
                self.assertGreaterEqual(len(rl["benchmarks"]), 2, path)
            killed = load(files[1])["ridgeline"]
            self.assertEqual(killed["run"]["status"], "incomplete")
            self.assertEqual([b["name"] for b in killed["benchmarks"]], ["copy/fp64", "triad/fp64"])
            judged = ridgeline("fleet", d, "--format", "json")
            devices = json.loads(judged.stdout)["devices"]
            self.assertEqual(devices[1]["verdict"], "MISSING")
            self.assertIn("run incomplete after 2 benchmarks (killed or crashed)", devices[1]["reasons"])


if __name__ == "__main__":
    unittest.main()
