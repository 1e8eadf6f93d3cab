"""`ridgeline chips`: every datasheet listed, sortable, with export-control metrics."""
import csv
import io
import json
import os
import subprocess
import unittest

from cli_support import BIN, TempDir, ridgeline

DATASHEETS = os.path.join(os.environ.get("RIDGELINE_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "../..")),
                          "results", "datasheets")
IDS = sorted(f[:-5] for f in os.listdir(DATASHEETS) if f.endswith(".json"))


def chips(*args):
    result = ridgeline("chips", *args)
    if result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}: {result.stderr}")
    return result.stdout


def rows(*args):
    return json.loads(chips("--format", "json", *args))["chips"]


class Chips(unittest.TestCase):
    def test_lists_every_datasheet(self):
        out = chips()
        for chip_id in IDS:
            self.assertIn(chip_id, out)
        self.assertIn("ridge BF16", out)
        self.assertEqual([r["id"] for r in rows()], IDS)

    def test_unknown_values_print_as_dash(self):
        line = next(l for l in chips().splitlines() if l.strip().startswith("nvidia-b30a "))
        self.assertIn(" - ", line)
        b30a = next(r for r in rows() if r["id"] == "nvidia-b30a")
        self.assertIsNone(b30a["bf16"])
        self.assertIsNone(b30a["ridge_bf16"])

    def test_ridge_is_peak_over_bandwidth(self):
        h20 = next(r for r in rows() if r["id"] == "nvidia-h20")
        self.assertAlmostEqual(h20["ridge_bf16"], 148 / 4.0)
        self.assertAlmostEqual(h20["ridge_fp8"], 296 / 4.0)

    def test_sort_bf16_descending_unknown_last(self):
        listed = rows("--sort", "bf16")
        known = [r["bf16"] for r in listed if r["bf16"] is not None]
        self.assertEqual(known, sorted(known, reverse=True))
        self.assertEqual(listed[0]["id"], "nvidia-b200")  # 2250, ties keep id order
        first_unknown = next(i for i, r in enumerate(listed) if r["bf16"] is None)
        self.assertTrue(all(r["bf16"] is None for r in listed[first_unknown:]))

    def test_sort_name_ascending(self):
        names = [r["name"] for r in rows("--sort", "name")]
        self.assertEqual(names, sorted(names))

    def test_unknown_sort_column_is_a_usage_error(self):
        result = ridgeline("chips", "--sort", "nonsense")
        self.assertEqual(result.returncode, 2)
        first = result.stderr.splitlines()[0]
        self.assertTrue(first.startswith("ridgeline: error: --sort 'nonsense'"), result.stderr)
        self.assertIn("bf16", first)  # lists the valid names
        self.assertEqual(result.stdout, "")

    def test_markdown_and_csv(self):
        md = chips("--format", "md").splitlines()
        self.assertTrue(md[0].startswith("| id | name |"))
        self.assertTrue(md[1].startswith("|---|---|"))
        table = list(csv.DictReader(io.StringIO(chips("--format", "csv"))))
        self.assertEqual([r["id"] for r in table], IDS)
        h100 = next(r for r in table if r["id"] == "nvidia-h100-sxm5")
        self.assertEqual(h100["bf16"], "989.4")
        self.assertEqual(next(r for r in table if r["id"] == "amd-mi308x")["bf16"], "")

    def test_bad_format_is_a_usage_error(self):
        result = ridgeline("chips", "--format", "xml")
        self.assertEqual(result.returncode, 2)
        self.assertIn("--format 'xml'", result.stderr.splitlines()[0])


class OneChip(unittest.TestCase):
    """`chips ID`: one datasheet in full, each number with the sources it cites."""

    def test_every_stated_number_with_its_sources(self):
        out = chips("h20")  # a common name, as chip:h20 takes it
        self.assertTrue(out.startswith("chip:nvidia-h20  NVIDIA H20 (96GB)  (NVIDIA; confidence: report)"))
        self.assertRegex(out, r"memory bandwidth, TB/s\s+4\s+\[1\] \[2\] \[3\] \[5\]")
        self.assertRegex(out, r"int8 dense peak, TOPS\s+296\s+\[1\]")
        self.assertRegex(out, r"bf16\s+37\.0\s+flop/byte")
        self.assertRegex(out, r"\[2\]\s+zangshuxian-h20\s+H20 specification table")
        self.assertIn("Notes: China-market part", out)

    def test_unknown_values_stay_unknown(self):
        doc = json.loads(chips("amd-mi308x", "--format", "json"))
        fields = {f["field"]: f for f in doc["fields"]}
        # The MI308X has no public compute figures: unknown, not estimated, and unsourced.
        self.assertIsNone(fields["bf16 dense peak, TFLOPS"]["value"])
        self.assertIsNone(fields["bf16 dense peak, TFLOPS"]["sources"])
        self.assertEqual(fields["memory capacity, GB"]["value"], 192)
        self.assertTrue(doc["sources"])

    def test_json_keeps_numbers_and_source_numbers(self):
        doc = json.loads(chips("chip:nvidia-h200-sxm", "--format", "json"))
        fields = {f["field"]: f for f in doc["fields"]}
        self.assertEqual(fields["memory bandwidth, TB/s"]["value"], 4.8)
        self.assertEqual([s["number"] for s in doc["sources"]], list(range(1, len(doc["sources"]) + 1)))

    def test_a_name_that_fits_no_chip(self):
        result = ridgeline("chips", "nvida-h20")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(len(result.stderr.splitlines()), 1)
        self.assertIn("did you mean nvidia-h20?", result.stderr)

    def test_list_options_do_not_apply_to_one_chip(self):
        result = ridgeline("chips", "h20", "--sort", "tbps")
        self.assertEqual(result.returncode, 2)
        self.assertIn("--sort and --export apply to the list of chips", result.stderr)

    def test_show_of_a_chip_is_the_same(self):
        self.assertEqual(ridgeline("show", "chip:h20").stdout, chips("h20"))


class BrokenDatasheet(unittest.TestCase):
    def test_unsourced_number_is_one_line_naming_file_and_field(self):
        with open(os.path.join(DATASHEETS, "nvidia-h20.json")) as f:
            doc = json.load(f)
        del doc["ridgeline"]["datasheet"]["field_sources"]["tdp_w"]
        with TempDir() as tmp:
            with open(os.path.join(tmp, "nvidia-h20.json"), "w") as f:
                json.dump(doc, f)
            env = dict(os.environ, RIDGELINE_DATASHEETS=tmp)
            result = subprocess.run([BIN, "chips"], capture_output=True, text=True, env=env, timeout=60)
        self.assertEqual(result.returncode, 2, result.stderr)
        lines = result.stderr.splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertIn("nvidia-h20.json", lines[0])
        self.assertIn("ridgeline.datasheet.tdp_w has no source", lines[0])


class ChipsExport(unittest.TestCase):
    def test_tpp_of_h100_sxm(self):
        out = chips("--export")
        line = next(l for l in out.splitlines() if l.strip().startswith("nvidia-h100-sxm5 "))
        self.assertIn("15831", line)
        self.assertIn("3A090.a", line)
        self.assertIn("Information, not legal advice", out)
        self.assertIn("ECCN 3A090", out)

    def test_export_json_values(self):
        doc = json.loads(chips("--export", "--format", "json"))
        by_id = {r["id"]: r for r in doc["chips"]}
        self.assertEqual(round(by_id["nvidia-h100-sxm5"]["tpp"]), 15831)
        self.assertAlmostEqual(by_id["nvidia-h100-sxm5"]["pd"], 15831.2 / 814)
        self.assertAlmostEqual(by_id["nvidia-h20"]["tpp"], 2368)
        self.assertEqual(by_id["nvidia-h20"]["position"], "below 3A090")
        self.assertIsNone(by_id["amd-mi308x"]["tpp"])
        self.assertIn("note", doc)

    def test_export_sorts_by_tpp(self):
        listed = json.loads(chips("--export", "--format", "json", "--sort", "tpp"))["chips"]
        known = [r["tpp"] for r in listed if r["tpp"] is not None]
        self.assertEqual(known, sorted(known, reverse=True))


if __name__ == "__main__":
    unittest.main()
