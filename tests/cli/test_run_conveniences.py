"""What users of Google Benchmark, BabelStream and nvbench expect of a run: a line per
finished benchmark off a terminal with the time left, --quiet, --list with an estimate,
--format for the table, show FILE, --threads; and --format for list and devices."""
import csv
import io
import json
import os
import re
import unittest

from cli_support import TempDir, load, ridgeline

FILTER = ["--filter", "^(copy|triad)/fp64$|^peak_fma/fp64$"]
SMALL = ["--suite", "quick", "--size", "2M", "--repetitions", "2"]


class ARunOffATerminal(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        cls.dir = cls.tmp.__enter__()
        # No --out: the file goes to results/ under the working directory, where --list
        # then finds the times this run recorded.
        cls.result = ridgeline("run", *SMALL, *FILTER, cwd=cls.dir)
        cls.files = [os.path.join(cls.dir, "results", f)
                     for f in os.listdir(os.path.join(cls.dir, "results"))]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.__exit__(None, None, None)

    def test_a_line_per_finished_benchmark_with_the_time_left(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr)
        # Captured, so stderr is not a terminal. Notes (a GPU backend built in but no device
        # present) come first; the progress lines are the ones that start with [i/n].
        lines = [l for l in self.result.stderr.splitlines() if l.startswith("[")]
        self.assertEqual(len(lines), 3, self.result.stderr)
        for i, (line, name) in enumerate(zip(lines, ["copy/fp64", "triad/fp64", "peak_fma/fp64"])):
            self.assertTrue(line.startswith(f"[{i + 1}/3] {name}: "), line)
            self.assertRegex(line, r": [\d.]+ G(B|FLOP)/s \([\d.]+ (ms|s)")
        self.assertRegex(lines[0], r"; about [\d.]+ (ms|s) left\)$")
        self.assertNotIn("left", lines[-1])  # nothing left after the last one

    def test_list_estimates_from_the_times_this_run_recorded(self):
        self.assertEqual(len(self.files), 1)
        result = ridgeline("run", "--list", *SMALL, *FILTER, cwd=self.dir)
        self.assertEqual(result.returncode, 0, result.stderr)
        rows = [l.split() for l in result.stdout.splitlines() if re.match(r"\s+\w+/fp64", l)]
        self.assertEqual([r[0] for r in rows], ["copy/fp64", "triad/fp64", "peak_fma/fp64"])
        self.assertTrue(all(r[-1] == "recorded" for r in rows), result.stdout)
        self.assertRegex(result.stdout, r"estimated time: about [\d.]+ (ms|s) \(3 benchmarks as long "
                                        r"as in results/cpu-")
        self.assertEqual(len(os.listdir(os.path.join(self.dir, "results"))), 1)  # nothing written

    def test_list_without_earlier_runs_gives_the_floor(self):
        with TempDir() as d:
            result = ridgeline("run", "--list", "--suite", "quick", "--repetitions", "5", cwd=d)
            self.assertFalse(os.path.exists(os.path.join(d, "results")))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("peak_fma/fp64", result.stdout)
        self.assertIn("intensity/fp64/ai:64", result.stdout)
        n = len([l for l in result.stdout.splitlines() if "minimum" in l and "/" in l])
        self.assertRegex(result.stdout, r"estimated time: at least ([\d.]+) s \(%d benchmarks x 5 "
                                        r"repetitions of at least 20\.0 ms each" % n)

    def test_list_as_json(self):
        result = ridgeline("run", "--list", *SMALL, *FILTER, "--format", "json", cwd=self.dir)
        doc = json.loads(result.stdout)
        self.assertEqual([b["benchmark"] for b in doc["benchmarks"]],
                         ["copy/fp64", "triad/fp64", "peak_fma/fp64"])
        self.assertTrue(all(b["estimated_seconds"] > 0 for b in doc["benchmarks"]))

    def test_show_prints_the_same_table_again(self):
        result = ridgeline("show", self.files[0])
        self.assertEqual(result.returncode, 0, result.stderr)
        table = self.result.stdout.rsplit("\n\n", 1)[0]  # without the "N ok ...; results in" line
        self.assertTrue(result.stdout.startswith(table), result.stdout)
        self.assertIn("read from " + self.files[0], result.stdout)

    def test_show_in_every_format(self):
        doc = json.loads(ridgeline("show", self.files[0], "--format", "json").stdout)
        self.assertEqual([r["kernel"] for r in doc["memory"]], ["copy", "triad"])
        self.assertGreater(doc["memory"][0]["fp64"], 0)
        self.assertEqual(doc["compute"][0]["benchmark"], "peak_fma/fp64")
        self.assertIn("warnings", doc)
        rows = list(csv.reader(io.StringIO(ridgeline("show", self.files[0], "--format",
                                                     "csv").stdout)))
        self.assertEqual(rows[0][:3], ["table", "kernel", "formula"])
        self.assertIn("### Memory bandwidth", ridgeline("show", self.files[0], "--format",
                                                        "md").stdout)

    def test_show_refuses_what_it_cannot_read(self):
        result = ridgeline("show", os.path.join(self.dir, "nope.json"))
        self.assertEqual(result.returncode, 2)
        self.assertEqual(len(result.stderr.splitlines()), 1)
        self.assertIn("nope.json: cannot open", result.stderr)


class RunOptions(unittest.TestCase):
    def test_quiet_says_nothing_on_stderr(self):
        with TempDir() as d:
            result = ridgeline("run", *SMALL, "--filter", "^copy/fp64$", "--quiet", "--out",
                               os.path.join(d, "r.json"))
        self.assertEqual(result.returncode, 0)
        self.assertEqual(result.stderr, "")
        self.assertIn("Memory bandwidth", result.stdout)

    def test_the_run_table_as_json(self):
        with TempDir() as d:
            result = ridgeline("run", *SMALL, "--filter", "^copy/fp64$", "-q", "--format", "json",
                               "--out", os.path.join(d, "r.json"))
        doc = json.loads(result.stdout)
        self.assertEqual(doc["memory"][0]["kernel"], "copy")
        self.assertRegex(doc["notes"][-1], r"^1 ok, 0 failed, 0 skipped; results in ")

    def test_threads_sets_the_cpu_team(self):
        with TempDir() as d:
            path = os.path.join(d, "r.json")
            result = ridgeline("run", *SMALL, "--filter", "^(copy|peak_fma)/fp64$", "--threads",
                               "1", "-q", "--out", path)
            self.assertEqual(result.returncode, 0, result.stderr)
            doc = load(path)["ridgeline"]
        self.assertEqual(doc["device"]["extra"]["omp_threads"], 1)
        for b in doc["benchmarks"]:
            self.assertEqual(b["params"]["threads"], 1, b["name"])

    def test_bad_thread_counts(self):
        cpus = os.cpu_count()
        for value in ["0", str(cpus + 1), "-2"]:
            with self.subTest(value):
                result = ridgeline("run", "--threads", value, "--list")
                self.assertEqual(result.returncode, 2)
                self.assertEqual(len(result.stderr.splitlines()), 1, result.stderr)
                self.assertIn(f"--threads {value}: expected 1 to {cpus}", result.stderr)

    def test_bad_format(self):
        result = ridgeline("run", "--format", "xml", "--list")
        self.assertEqual(result.returncode, 2)
        self.assertIn("--format 'xml': expected table, md, csv or json", result.stderr)


class ListAndDevicesFormats(unittest.TestCase):
    def test_list_as_json_and_csv(self):
        doc = json.loads(ridgeline("list", "--format", "json").stdout)
        triad = next(k for k in doc["kernels"] if k["kernel"] == "triad" and k["dtype"] == "fp64")
        self.assertEqual(triad["bytes_per_element"], 24)
        self.assertEqual(triad["flops_per_element"], 2)
        rows = list(csv.DictReader(io.StringIO(ridgeline("list", "--format", "csv").stdout)))
        self.assertEqual(rows[0]["kernel"], "read")

    def test_devices_as_json(self):
        doc = json.loads(ridgeline("devices", "--format", "json").stdout)
        cpu = doc["devices"][-1]
        self.assertEqual(cpu["id"], "cpu:0")
        self.assertIsInstance(cpu["units"], int)
        self.assertTrue(any(n.startswith("no CUDA device") for n in doc["notes"]))

    def test_devices_as_markdown(self):
        out = ridgeline("devices", "--format", "md").stdout
        self.assertIn("| id | name | units |", out)


if __name__ == "__main__":
    unittest.main()
