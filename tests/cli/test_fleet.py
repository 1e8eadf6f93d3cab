"""`ridgeline fleet` on the files of one real CPU run, copied as the ranks of a fleet: the
copies' samples are the run's own, one copy's times stretched to plant a slow device, one
left out or cut short to plant a missing one. Verdicts, exit codes, formats, the picture,
and bad input as one line with exit code 2 (3 for a file that is not a run)."""
import copy
import csv
import io
import json
import os
import unittest

from cli_support import SMALL, TempDir, load, ridgeline

FILTER = r"^(copy|triad)/fp64$|^peak_fma/fp64$"


def as_rank(doc, rank, world, node="vm", job="test-job", slow=1.0):
    """The run's file as rank `rank` of `world`, its rates divided by `slow`."""
    d = copy.deepcopy(doc)
    rl = d["ridgeline"]
    rl["placement"] = {"launcher": "slurm", "rank": rank, "world_size": world, "local_rank": rank,
                       "node_name": node, "job_id": job, "coordination": "barrier"}
    for b in rl["benchmarks"]:
        b["samples_seconds"] = [s * slow for s in b["samples_seconds"]]
    return d


class FleetOfCopies(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        cls.dir = cls.tmp.__enter__()
        path = os.path.join(cls.dir, "run.json")
        result = ridgeline("run", "--suite", "quick", *SMALL, "--filter", FILTER, "--out", path)
        assert result.returncode == 0, result.stderr
        cls.doc = load(path)
        os.remove(path)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.__exit__(None, None, None)

    def write_fleet(self, name, docs):
        d = os.path.join(self.dir, name)
        os.makedirs(d, exist_ok=True)
        for i, doc in enumerate(docs):
            with open(os.path.join(d, f"r{i:04d}.json"), "w") as f:
                json.dump(doc, f)
        return d

    def test_an_unchanged_fleet_passes(self):
        d = self.write_fleet("same", [as_rank(self.doc, r, 4) for r in range(4)])
        result = ridgeline("fleet", d)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("fleet of 4 devices on 1 node, job test-job", result.stdout)
        self.assertIn("fleet verdict: PASS (all 4 devices pass)", result.stdout)

    def test_a_slow_rank_is_named_and_fails_the_fleet(self):
        docs = [as_rank(self.doc, r, 4, slow=1 / 0.7 if r == 2 else 1.0) for r in range(4)]
        d = self.write_fleet("slow", docs)
        result = ridgeline("fleet", d, "--format", "json")
        self.assertEqual(result.returncode, 1, result.stderr)
        out = json.loads(result.stdout)
        verdicts = {dev["label"]: dev["verdict"] for dev in out["devices"]}
        self.assertEqual(verdicts["r2 vm cpu:0"], "SLOW")
        self.assertEqual([v for k, v in verdicts.items() if k != "r2 vm cpu:0"], ["PASS"] * 3)
        reasons = out["devices"][2]["reasons"]
        self.assertTrue(any(r.startswith("triad/fp64 0.70x median, 30.0% below best") for r in reasons),
                        reasons)
        self.assertEqual(out["nodes"], [{"node": "vm", "verdict": "SLOW",
                                         "devices": [dev["label"] for dev in out["devices"]]}])
        # gpu-fryer's tolerance: 30% below the best is inside 35%, but still a MAD outlier.
        loose = ridgeline("fleet", d, "--tolerance", "35", "--format", "json")
        self.assertEqual(loose.returncode, 1)
        value = json.loads(loose.stdout)["benchmarks"][0]["devices"][2]
        self.assertFalse(value["below_best"])
        self.assertTrue(value["outlier"])
        # A wider MAD cut lets it through: --mad-cut reaches the judgement.
        looser = ridgeline("fleet", d, "--tolerance", "35", "--mad-cut", "1000")
        self.assertEqual(looser.returncode, 0, looser.stdout)

    def test_a_rank_without_a_file_is_missing(self):
        d = self.write_fleet("absent", [as_rank(self.doc, r, 4) for r in (0, 1, 3)])
        result = ridgeline("fleet", d)
        self.assertEqual(result.returncode, 4, result.stdout + result.stderr)
        self.assertIn("fleet verdict: MISSING (1 of 4 devices not passing: r2 (no file) MISSING)",
                      result.stdout)

    def test_a_killed_rank_is_missing(self):
        killed = as_rank(self.doc, 1, 3)
        killed["ridgeline"]["run"]["status"] = "incomplete"
        killed["ridgeline"]["benchmarks"] = killed["ridgeline"]["benchmarks"][:1]
        d = self.write_fleet("killed", [as_rank(self.doc, 0, 3), killed, as_rank(self.doc, 2, 3)])
        result = ridgeline("fleet", d, "--format", "csv")
        self.assertEqual(result.returncode, 4, result.stderr)
        devices = list(csv.DictReader(io.StringIO(result.stdout.split("\n\n")[1])))
        self.assertEqual([r["verdict"] for r in devices], ["PASS", "MISSING", "PASS"])
        self.assertIn("run incomplete after 1 benchmark (killed or crashed)", devices[1]["reasons"])
        self.assertIn("no 2 benchmarks: triad/fp64, peak_fma/fp64", devices[1]["reasons"])

    def test_a_failed_benchmark_fails_the_device(self):
        broken = as_rank(self.doc, 1, 2)
        broken["ridgeline"]["benchmarks"][0]["status"] = "failed"
        broken["ridgeline"]["benchmarks"][0]["reason"] = "verification failed: element 3"
        d = self.write_fleet("failed", [as_rank(self.doc, 0, 2), broken])
        result = ridgeline("fleet", d, "--format", "md")
        self.assertEqual(result.returncode, 1)
        self.assertIn("| 1 | vm | cpu:0 | FAILED |", result.stdout)
        self.assertIn("copy/fp64 failed: verification failed: element 3", result.stdout)

    def test_files_and_a_picture(self):
        docs = [as_rank(self.doc, r, 3, slow=2.0 if r == 0 else 1.0) for r in range(3)]
        d = self.write_fleet("picture", docs)
        svg = os.path.join(self.dir, "fleet.svg")
        files = [os.path.join(d, f) for f in sorted(os.listdir(d))]
        result = ridgeline("fleet", *files, "--svg", svg)
        self.assertEqual(result.returncode, 1)
        with open(svg) as f:
            text = f.read()
        self.assertTrue(text.startswith("<svg"))
        self.assertIn(">r0 vm cpu:0</text>", text)
        to_stdout = ridgeline("fleet", d, "--svg", "-")
        self.assertTrue(to_stdout.stdout.startswith("<svg"), to_stdout.stdout[:80])
        self.assertIn("fleet verdict: SLOW", to_stdout.stderr)

    def test_the_summary_file_of_a_run_is_left_out_of_a_directory(self):
        d = self.write_fleet("summary", [as_rank(self.doc, r, 2) for r in range(2)])
        with open(os.path.join(d, "fleet-summary.json"), "w") as f:
            f.write('{"verdict": "PASS"}')
        self.assertEqual(ridgeline("fleet", d).returncode, 0)

    def test_a_floor_without_a_datasheet_is_said(self):
        d = self.write_fleet("floor", [as_rank(self.doc, r, 2) for r in range(2)])
        result = ridgeline("fleet", d, "--floor", "0.9")
        self.assertEqual(result.returncode, 0)
        self.assertRegex(result.stdout, r"note: no datasheet matches .*: --floor not applied to it")


class SustainedRun(unittest.TestCase):
    def test_a_duration_repeats_the_suite_and_keeps_a_trace(self):
        with TempDir() as d:
            path = os.path.join(d, "sustained.json")
            result = ridgeline("run", "--suite", "quick", *SMALL, "--filter", r"^copy/fp64$",
                               "--duration", "1s", "--out", path)
            self.assertEqual(result.returncode, 0, result.stderr)
            rl = load(path)["ridgeline"]
            self.assertEqual(rl["run"]["duration_seconds"], 1.0)
            passes = rl["run"]["passes"]
            self.assertGreaterEqual(passes, 1)
            self.assertIn(f"over {passes} passes" if passes > 1 else "1 ok", result.stdout)
            copy = rl["benchmarks"][0]
            self.assertEqual(len(copy["samples_end_seconds"]), len(copy["samples_seconds"]))
            self.assertEqual(copy["params"]["passes"], passes)
            self.assertEqual(rl["trace"]["source"], "sysfs")
            self.assertGreaterEqual(len(rl["trace"]["points"]), 1)
            # One second on a shared machine drifts by chance: judged here is the reading.
            self.assertEqual(ridgeline("fleet", path, "--max-drift", "99").returncode, 0)
            bad = ridgeline("run", "--duration", "10x", "--out", os.path.join(d, "no.json"))
            self.assertEqual(bad.returncode, 2)
            self.assertIn("--duration", bad.stderr)


class FleetErrors(unittest.TestCase):
    def assertOneLine(self, result, code, fragment):
        self.assertEqual(result.returncode, code, result.stdout + result.stderr)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)
        self.assertIn(fragment, result.stderr)

    def test_bad_input(self):
        with TempDir() as d:
            self.assertOneLine(ridgeline("fleet"), 2, "FILES is required")
            self.assertOneLine(ridgeline("fleet", os.path.join(d, "nope.json")), 2, "nope.json")
            self.assertOneLine(ridgeline("fleet", d), 2, "no result files (*.json) in it")
            self.assertOneLine(ridgeline("fleet", "chip:h20"), 3, "a datasheet file, not a ridgeline run")
            self.assertOneLine(ridgeline("fleet", d, "--tolerance", "abc"), 2,
                               "--tolerance 'abc': expected a percentage above 0 and below 100")
            self.assertOneLine(ridgeline("fleet", d, "--floor", "2"), 2, "--floor 2: expected a share")
            self.assertOneLine(ridgeline("fleet", d, "--format", "xml"), 2, "--format 'xml'")
            self.assertOneLine(ridgeline("fleet", d, "--mad-cut", "-1"), 2, "--mad-cut -1")
            self.assertOneLine(ridgeline("fleet", d, "--tolerence", "5"), 2,
                               "unknown option '--tolerence'; did you mean --tolerance?")


if __name__ == "__main__":
    unittest.main()
