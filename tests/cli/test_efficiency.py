"""project and roofline --efficiency-from RUN: a chip's datasheet ceilings scaled by the
shares a run reached of its own chip's datasheet, labelled as the assumption it is.

tests/fixtures/efficiency/h200_synthetic.json is a SYNTHETIC run (no H200 was measured):
a device named "NVIDIA H200" (datasheet nvidia-h200-sxm: 4.8 TB/s, bf16 989.4 TFLOPS,
fp32 67 TFLOPS) with triad at 4000 GB/s, wgmma/bf16 at 700 TFLOP/s and peak_fma/fp32 at
60 TFLOP/s, so the shares are 83.3%, 70.7% and 89.6%."""
import json
import os
import unittest

from cli_support import TempDir, ridgeline

HERE = os.path.dirname(os.path.abspath(__file__))
H200 = os.path.join(HERE, "..", "fixtures", "efficiency", "h200_synthetic.json")
CPU_RUN = os.path.join(HERE, "..", "fixtures", "compare", "base.json")
LLM = ["--workload", "llm", "--params", "8B", "--layers", "32", "--hidden", "4096",
       "--kv-heads", "8", "--context", "4096", "--batch", "1"]


def project(*args):
    return ridgeline("project", *LLM, *args)


class Project(unittest.TestCase):
    def test_the_datasheet_at_the_measured_shares(self):
        result = project("--efficiency-from", H200, "chip:nvidia-h20")
        self.assertEqual(result.returncode, 0, result.stderr)
        out = result.stdout
        # H20: 148 TFLOPS x 700 / 989.4 = 105, 4.00 TB/s x 4000 / 4800 = 3.33.
        self.assertRegex(out, r"NVIDIA H20 \(96GB\)\s+assumed: datasheet x measured shares of "
                              r"nvidia-h200-sxm \(chip:nvidia-h20\)\s+105 TFLOP/s\s+3\.33 TB/s\s+"
                              r"31\.4\s+83\.3%\s+70\.7%")
        self.assertIn("Assumption: chip:nvidia-h20 reaches the same share of its datasheet as "
                      + H200 + " reached of nvidia-h200-sxm's", out)
        self.assertIn("nothing was measured on it.", out)
        self.assertEqual(result.stderr, "")  # a sibling: no warning

    def test_json_names_the_assumption(self):
        result = project("--efficiency-from", H200, "chip:nvidia-h20", "--format", "json")
        target = json.loads(result.stdout)["inputs"][0]
        self.assertEqual(target["ceilings_from"], "assumed")
        self.assertEqual(target["assumption"]["measured_chip"], "nvidia-h200-sxm")
        self.assertAlmostEqual(target["assumption"]["bandwidth_share"], 4000 / 4800)
        self.assertAlmostEqual(target["assumption"]["compute_share"], 700 / 989.4)
        self.assertAlmostEqual(target["peak_per_second"], 148e12 * 700 / 989.4, delta=1e3)
        self.assertAlmostEqual(target["bandwidth_bytes_per_second"], 4e12 * 4000 / 4800, delta=1e3)

    def test_the_runs_own_chip_and_the_run_stay_as_they_are(self):
        result = project("--efficiency-from", H200, H200, "chip:nvidia-h200-sxm", "chip:h20")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertRegex(result.stdout, r"NVIDIA H200\s+measured")
        self.assertRegex(result.stdout, r"NVIDIA H200 SXM 141GB\s+datasheet \(chip:nvidia-h200-sxm\)"
                                        r"\s+989 TFLOP/s\s+4\.80 TB/s")
        self.assertRegex(result.stdout, r"NVIDIA H20 \(96GB\)\s+assumed")

    def test_another_vendor_is_carried_with_a_warning(self):
        result = project("--efficiency-from", H200, "chip:huawei-ascend-910b2")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("assumed", result.stdout)
        self.assertEqual(len(result.stderr.splitlines()), 1)
        self.assertIn("ridgeline: warning: --efficiency-from", result.stderr)
        self.assertIn("(Huawei) assumes more than it would for a sibling chip", result.stderr)

    def test_no_share_is_borrowed_from_another_dtype(self):
        result = project("--efficiency-from", H200, "chip:nvidia-h20", "--dtype", "fp8")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(len(result.stderr.splitlines()), 1)
        self.assertIn("has no fp8 share of nvidia-h200-sxm to carry (it has bandwidth 83.3%, "
                      "fp32 89.6%, bf16 70.7%)", result.stderr)

    def test_runs_that_cannot_give_an_efficiency(self):
        for args, fragment in [
            ([CPU_RUN, "chip:h20"], "maps to no datasheet"),
            (["chip:nvidia-h200-sxm", "chip:h20"], "a datasheet states its ceilings"),
            (["/no/such/run.json", "chip:h20"], "/no/such/run.json: cannot open"),
            ([H200, H200], "scales the datasheets of chips other than nvidia-h200-sxm"),
        ]:
            with self.subTest(fragment):
                result = project("--efficiency-from", *args)
                self.assertEqual(result.returncode, 2, result.stdout)
                self.assertEqual(len(result.stderr.splitlines()), 1, result.stderr)
                self.assertIn(fragment, result.stderr)


class Roofline(unittest.TestCase):
    def test_the_picture_and_the_table_say_assumed(self):
        with TempDir() as d:
            svg, html = os.path.join(d, "r.svg"), os.path.join(d, "r.html")
            result = ridgeline("roofline", "--efficiency-from", H200, H200, "chip:nvidia-h20",
                               "--out", svg, "--html", html)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertRegex(result.stdout, r"NVIDIA H20 \(96GB\) \(assumed: nvidia-h200-sxm "
                                            r"shares\)\s+assumed\s+bf16\s+105 TFLOP/s\s+3\.33 TB/s")
            with open(svg) as f:
                self.assertIn("(assumed: nvidia-h200-sxm shares)", f.read())
            with open(html) as f:
                self.assertIn("ceilings assumed: datasheet x the shares", f.read())

    def test_the_same_refusals(self):
        with TempDir() as d:
            result = ridgeline("roofline", "--efficiency-from", CPU_RUN, "chip:h20", "--out",
                               os.path.join(d, "r.svg"))
            self.assertEqual(result.returncode, 2)
            self.assertFalse(os.path.exists(os.path.join(d, "r.svg")))
        self.assertIn("maps to no datasheet", result.stderr)


if __name__ == "__main__":
    unittest.main()
