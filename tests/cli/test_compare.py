"""ridgeline compare: verdicts and exit codes over the fixture table in tests/fixtures/compare/.

The fixtures are synthetic runs with fixed seeds: 4 benchmarks x 10 repetitions with about 1%
noise unless the name says otherwise (faster20: rates +20%, noisy: ~30% spread, three_reps:
3 repetitions, ...).
"""
import csv
import io
import json
import os
import unittest

from cli_support import ridgeline

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures", "compare")


def fixture(name):
    return os.path.join(FIXTURES, name)


def compare(*args):
    return ridgeline("compare", *[fixture(a) if a.endswith(".json") else a for a in args])


def verdicts(result):
    """{benchmark: verdict} from the JSON output of one comparison."""
    doc = json.loads(result.stdout)
    return {b["name"]: b["verdict"] for b in doc["comparisons"][0]["benchmarks"]}


BENCHMARKS = ["read/fp64", "triad/fp64", "peak_fma/fp32", "intensity/fp64/ai:8"]

# (case, arguments, expected exit code, expected verdicts: one for all, or {name: verdict})
TABLE = [
    ("identical runs", ["base.json", "base.json"], 0, "SAME"),
    ("a file against itself, strict", ["--strict", "base.json", "base.json"], 0, "SAME"),
    ("a noisy file against itself, strict", ["--strict", "noisy.json", "noisy.json"], 0, "SAME"),
    ("a rerun", ["base.json", "rerun.json"], 0, "SAME"),
    ("rates +20%, low noise", ["base.json", "faster20.json"], 0, "FASTER"),
    ("rates -20%, low noise", ["base.json", "slower20.json"], 1, "SLOWER"),
    ("high noise", ["base.json", "noisy.json"], 0, "NOISY"),
    ("high noise, strict", ["--strict", "base.json", "noisy.json"], 4, "NOISY"),
    ("3 repetitions, real shift", ["three_reps_base.json", "three_reps_faster.json"], 0, "UNCERTAIN"),
    ("3 repetitions, strict", ["--strict", "three_reps_base.json", "three_reps_faster.json"], 4,
     "UNCERTAIN"),
    ("missing and new", ["base.json", "missing_and_new.json"], 0,
     {"read/fp64": "SAME", "intensity/fp64/ai:8": "MISSING", "copy/fp64": "NEW"}),
    ("a failed benchmark", ["base.json", "failed.json"], 1,
     {"triad/fp64": "FAILED", "read/fp64": "SAME"}),
    ("a wider threshold", ["--threshold", "25%", "base.json", "slower20.json"], 0, "SAME"),
    ("a stricter alpha", ["--alpha", "1e-6", "base.json", "slower20.json"], 0, "UNCERTAIN"),
    ("plain Google Benchmark files", ["gbench_base.json", "gbench_new.json"], 0,
     {"BM_Copy/1024": "SAME", "BM_Copy/65536": "SAME", "BM_Sort/4096": "FASTER"}),
    ("plain GB with NaN counters", ["gbench_base.json", "gbench_nan.json"], 0, "SAME"),
    ("plain GB, reversed", ["gbench_new.json", "gbench_base.json"], 1, {"BM_Sort/4096": "SLOWER"}),
    ("another device", ["base.json", "other_device.json"], 0, "SAME"),
]

# (case, arguments, expected exit code, fragment of the one stderr line)
ERRORS = [
    ("schema major mismatch", ["base.json", "schema_2.json"], 3, "schema_2.json: ridgeline.schema_version 2.0.0"),
    ("broken JSON", ["base.json", "truncated.json"], 2, "truncated.json: truncated JSON"),
    ("broken JSON as BASE", ["truncated.json", "base.json"], 2, "truncated.json: truncated JSON"),
    ("nonexistent file", ["base.json", "no-such-file.json"], 2, "no-such-file.json: cannot open"),
    ("no common benchmarks", ["base.json", "no_common.json"], 2, "no benchmark name in common"),
    ("run against plain GB", ["base.json", "gbench_base.json"], 3, "not comparable"),
    ("plain GB against a run", ["gbench_base.json", "base.json"], 3, "not comparable"),
    ("plain GB against a datasheet", ["gbench_base.json", "chip:nvidia-h20"], 3, "no ceilings"),
    ("unknown chip", ["base.json", "chip:no-such-chip"], 2, "chip:no-such-chip: no such chip"),
]


class FixtureTable(unittest.TestCase):
    def test_verdicts_and_exit_codes(self):
        for case, args, code, expected in TABLE:
            with self.subTest(case):
                result = compare(*args, "--format", "json")
                self.assertEqual(result.returncode, code, result.stderr)
                got = verdicts(result)
                if isinstance(expected, str):
                    self.assertEqual(got, {name: expected for name in got}, case)
                    if not args[-1].startswith("gbench"):
                        self.assertEqual(sorted(got), sorted(BENCHMARKS))
                else:
                    for name, verdict in expected.items():
                        self.assertEqual(got.get(name), verdict, f"{case}: {name}")

    def test_the_table_format_gives_the_same_exit_codes(self):
        for case, args, code, _ in TABLE:
            with self.subTest(case):
                self.assertEqual(compare(*args).returncode, code)

    def test_bad_input_is_one_line(self):
        for case, args, code, fragment in ERRORS:
            with self.subTest(case):
                result = compare(*args)
                self.assertEqual(result.returncode, code, result.stderr)
                self.assertEqual(result.stdout, "")
                lines = result.stderr.splitlines()
                self.assertEqual(len(lines), 1, result.stderr)
                self.assertTrue(lines[0].startswith("ridgeline: error: "), lines[0])
                self.assertIn(fragment, lines[0])


class Output(unittest.TestCase):
    def test_table(self):
        result = compare("base.json", "slower20.json")
        self.assertEqual(result.returncode, 1)
        self.assertIn("rates, higher is better", result.stdout)
        self.assertRegex(result.stdout, r"read/fp64\s+GB/s\s+16\.8\s+13\.4\s+-20\.1%")
        self.assertIn("geometric mean of rate ratios NEW/BASE over 4 benchmarks: 0.802", result.stdout)

    def test_environment_warning_is_one_line(self):
        result = compare("base.json", "other_device.json")
        warnings = [l for l in result.stderr.splitlines() if "warning" in l]
        self.assertEqual(len(warnings), 1, result.stderr)
        for fragment in ("device 'Example CPU @ 2.50GHz' vs 'Other CPU @ 3.10GHz'",
                         "clock 2500 vs 3100 MHz", "omp_threads '8' vs '16'"):
            self.assertIn(fragment, warnings[0])
        self.assertEqual(compare("base.json", "rerun.json").stderr, "")

    def test_json_parses_with_numbers(self):
        result = compare("base.json", "faster20.json", "--format", "json")
        doc = json.loads(result.stdout)
        self.assertEqual(doc["threshold"], 0.05)
        self.assertEqual(doc["alpha"], 0.01)
        c = doc["comparisons"][0]
        self.assertEqual((c["mode"], c["metric"]), ("samples", "rate"))
        self.assertAlmostEqual(c["geomean_ratio"], 1.2, delta=0.01)
        read = c["benchmarks"][0]
        self.assertEqual(read["test"], "exact")
        self.assertLess(read["p_value"], 0.01)
        self.assertEqual(read["base"]["samples"], 10)
        self.assertAlmostEqual(read["ratio"], read["new"]["median"] / read["base"]["median"])

    def test_markdown_columns(self):
        result = compare("base.json", "missing_and_new.json", "--format", "md")
        rows = [l for l in result.stdout.splitlines() if l.startswith("|")]
        header = [c.strip() for c in rows[0].strip("|").split("|")]
        self.assertEqual(header, ["benchmark", "unit", "base", "new", "change", "p",
                                  "noise base", "noise new", "verdict", "note"])
        self.assertEqual(len(rows), 2 + 5)  # header, separator, 5 benchmarks
        for row in rows:
            self.assertEqual(row.count("|"), len(header) + 1, row)

    def test_csv_columns(self):
        result = compare("base.json", "missing_and_new.json", "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        self.assertEqual(list(rows[0].keys()),
                         ["base", "new", "benchmark", "verdict", "metric", "unit", "base_median",
                          "new_median", "change", "p_value", "test", "base_noise", "new_noise",
                          "note"])
        self.assertEqual(len(rows), 5)
        missing = next(r for r in rows if r["verdict"] == "MISSING")
        self.assertGreater(float(missing["base_median"]), 0)  # the side it has
        self.assertEqual(missing["new_median"], "")  # unknown stays empty, never 0
        self.assertEqual(missing["change"], "")
        added = next(r for r in rows if r["verdict"] == "NEW")
        self.assertEqual(added["base_median"], "")
        self.assertGreater(float(added["new_median"]), 0)
        self.assertGreater(float(rows[0]["base_median"]), 0)

    def test_missing_and_new_rows_show_the_side_they_have(self):
        out = compare("base.json", "missing_and_new.json").stdout
        self.assertRegex(out, r"intensity/fp64/ai:8\s+GFLOP/s\s+44\.7\s+-\s+-\s+-\s+[\d.]+%\s+-\s+MISSING")
        self.assertRegex(out, r"copy/fp64\s+GB/s\s+-\s+[\d.]+\s+-\s+-\s+-\s+[\d.]+%\s+NEW")

    def test_one_repetition_has_unknown_noise(self):
        result = compare("base.json", "one_rep.json", "--format", "json")
        self.assertEqual(result.returncode, 0, result.stderr)
        for b in json.loads(result.stdout)["comparisons"][0]["benchmarks"]:
            self.assertIsNone(b["new"]["noise"], b)  # unknown, not 0.0
            self.assertGreater(b["base"]["noise"], 0)
            self.assertEqual(b["note"], "NEW has one sample: its noise is unknown")
        table = compare("base.json", "one_rep.json").stdout
        row = next(l for l in table.splitlines() if l.lstrip().startswith("read/fp64"))
        self.assertNotIn("0.0%", row)
        self.assertRegex(row, r"[\d.]+%\s+-\s+\w+\s+NEW has one sample")

    def test_several_new_files(self):
        result = compare("base.json", "faster20.json", "slower20.json", "--format", "json")
        self.assertEqual(result.returncode, 1)  # the slower one decides
        doc = json.loads(result.stdout)
        self.assertEqual([c["new"].rsplit("/", 1)[-1] for c in doc["comparisons"]],
                         ["faster20.json", "slower20.json"])


class AgainstADatasheet(unittest.TestCase):
    def test_ceilings_as_a_share_of_the_datasheet(self):
        result = compare("base.json", "chip:nvidia-h20", "--format", "json")
        self.assertEqual(result.returncode, 0, result.stderr)
        c = json.loads(result.stdout)["comparisons"][0]
        self.assertEqual(c["mode"], "ceilings")
        self.assertEqual(c["reference"], "chip:nvidia-h20")
        rows = {r["ceiling"]: r for r in c["ceilings"]}
        bandwidth = rows["memory bandwidth"]
        self.assertEqual(bandwidth["unit"], "GB/s")
        self.assertGreater(bandwidth["reference"], 0)
        self.assertAlmostEqual(bandwidth["ratio"], bandwidth["measured"] / bandwidth["reference"])
        self.assertIn("fp32 ridge", rows)

    def test_two_datasheets_are_labelled_datasheets(self):
        result = compare("chip:nvidia-h20", "chip:nvidia-h200-sxm")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotIn("measured", result.stdout)
        lines = result.stdout.splitlines()
        self.assertIn("ceilings: datasheet chip:nvidia-h200-sxm  vs  reference datasheet "
                      "chip:nvidia-h20", lines[0])
        self.assertRegex(lines[1], r"ceiling\s+unit\s+datasheet\s+reference\s+% of reference")
        doc = json.loads(compare("chip:nvidia-h20", "chip:nvidia-h200-sxm", "--format",
                                 "json").stdout)
        self.assertEqual(doc["comparisons"][0]["measured_kind"], "datasheet")

    def test_a_run_against_a_datasheet_names_both(self):
        lines = compare("base.json", "chip:nvidia-h20").stdout.splitlines()
        self.assertIn("measured", lines[0])
        self.assertIn("datasheet chip:nvidia-h20", lines[0])
        self.assertRegex(lines[1], r"ceiling\s+unit\s+measured\s+datasheet\s+% of datasheet")

    def test_datasheet_as_base_is_still_the_reference(self):
        result = compare("chip:nvidia-h20", "base.json")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("measured", result.stdout)
        self.assertRegex(result.stdout, r"memory bandwidth\s+GB/s\s+16\.8\s+\d+")


class Usage(unittest.TestCase):
    def test_bad_options(self):
        for args, fragment in [(["--threshold", "0"], "--threshold '0'"),
                               (["--threshold", "abc"], "--threshold 'abc'"),
                               (["--alpha", "1.5"], "--alpha 1.5"),
                               (["--format", "xml"], "--format 'xml'")]:
            with self.subTest(args):
                result = compare(*args, "base.json", "base.json")
                self.assertEqual(result.returncode, 2)
                self.assertTrue(result.stderr.startswith("ridgeline: error: "), result.stderr)
                self.assertIn(fragment, result.stderr.splitlines()[0])

    def test_one_file_is_not_enough(self):
        self.assertEqual(compare("base.json").returncode, 2)


if __name__ == "__main__":
    unittest.main()
