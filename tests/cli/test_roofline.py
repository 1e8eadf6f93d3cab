"""ridgeline roofline: the SVG parses as XML and holds one roof per input and dtype, the
measured sweep points, labelled ridge points and a legend; --html embeds it with tables;
every datasheet chip can be drawn beside a measured run, its labels never overlapping;
integer roofs read in OP/s; bad input or outputs exit 2 in one line, writing nothing."""
import glob
import os
import unittest
import xml.etree.ElementTree as ET

from cli_support import TempDir, load, ridgeline

SVG = "{http://www.w3.org/2000/svg}"
SOURCE = os.environ.get("RIDGELINE_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "../.."))
DATASHEETS = sorted(glob.glob(os.path.join(SOURCE, "results", "datasheets", "*.json")))
NO_DATASHEETS = "results/datasheets has no datasheet files yet"


def groups(root, css_class):
    return [g for g in root.iter(SVG + "g") if g.get("class") == css_class]


def texts(element):
    return ["".join(t.itertext()) for t in element.iter(SVG + "text")]


def ridge_labels(root):
    return [t for t in root.iter(SVG + "text") if t.get("class") == "ridge-label"]


def boxes_overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class Roofline(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._tmp = TempDir()
        cls.tmp = cls._tmp.__enter__()
        cls.run_file = os.path.join(cls.tmp, "run.json")
        result = ridgeline("run", "--suite", "quick", "--size", "4M", "--repetitions", "3",
                           "--out", cls.run_file)
        assert result.returncode == 0, result.stderr
        run = load(cls.run_file)["ridgeline"]
        passed = [b for b in run["benchmarks"] if b["status"] == "ok"]
        cls.sweep_points = sum(1 for b in passed if b["family"] == "intensity" and b["unit"] == "GFLOP/s")
        cls.run_dtypes = {b["dtype"] for b in passed if b["family"] == "compute" and b["unit"] == "GFLOP/s"}

    @classmethod
    def tearDownClass(cls):
        cls._tmp.__exit__(None, None, None)

    def draw(self, *inputs, extra=()):
        out = os.path.join(self.tmp, "roofline.svg")
        result = ridgeline("roofline", *inputs, "--out", out, *extra)
        self.assertEqual(result.returncode, 0, result.stderr)
        return ET.parse(out).getroot(), result

    def run_label(self, root):
        return groups(root, "roof")[0].get("data-input")

    def test_run_alone(self):
        root, result = self.draw(self.run_file)
        self.assertEqual(root.tag, SVG + "svg")
        roofs = groups(root, "roof")
        self.assertEqual({r.get("data-dtype") for r in roofs}, self.run_dtypes)
        self.assertEqual(len(groups(root, "point")), self.sweep_points)
        ridges = groups(root, "ridge")
        self.assertEqual(len(ridges), len(roofs))
        labels = ridge_labels(root)
        self.assertEqual(len(labels), len(roofs))
        for label in labels:
            self.assertRegex("".join(label.itertext()), r" (fp64|fp32) [0-9.]+ flop/B$")
        self.assertEqual(len(groups(root, "legend-entry")), len(roofs))
        self.assertRegex(result.stdout, r"ridge\n")
        self.assertRegex(result.stdout, r"[0-9.]+ flop/B\n")

    @unittest.skipUnless(DATASHEETS, NO_DATASHEETS)
    def test_run_beside_two_chips(self):
        root, _ = self.draw(self.run_file, "chip:nvidia-h20", "chip:huawei-ascend-910b2")
        by_input = {}
        for roof in groups(root, "roof"):
            by_input.setdefault(roof.get("data-input"), set()).add(roof.get("data-dtype"))
        self.assertEqual(len(by_input), 3)
        self.assertIn({"bf16", "fp32"}, by_input.values())  # H20: bf16 and fp32 by default
        labels = ["".join(t.itertext()) for t in ridge_labels(root)]
        self.assertIn("H20 bf16 37 flop/B", labels)
        self.assertIn("Ascend 910B2 bf16 221 flop/B", labels)
        legend = [t for g in groups(root, "legend") for t in texts(g)]
        self.assertTrue(any("NVIDIA H20" in t for t in legend), legend)

    @unittest.skipUnless(DATASHEETS, NO_DATASHEETS)
    def test_dtype_restricts_the_roofs(self):
        root, result = self.draw(self.run_file, "chip:nvidia-h20", extra=("--dtype", "fp32"))
        self.assertEqual({r.get("data-dtype") for r in groups(root, "roof")}, {"fp32"})
        self.assertEqual(len(groups(root, "roof")), 2)

    @unittest.skipUnless(DATASHEETS, NO_DATASHEETS)
    def test_every_chip_beside_a_measured_run(self):
        chips = ["chip:" + os.path.basename(p)[:-5] for p in DATASHEETS]
        for start in range(0, len(chips), 7):  # a run and up to 7 chips per picture
            batch = chips[start:start + 7]
            root, _ = self.draw(self.run_file, *batch)
            legend_inputs = [t for g in groups(root, "legend") for t in texts(g)]
            for chip in batch:
                name = load(os.path.join(SOURCE, "results", "datasheets", chip[5:] + ".json"))
                name = name["ridgeline"]["datasheet"]["name"]
                self.assertIn(name, legend_inputs, chip)
            self.assertGreaterEqual(len(groups(root, "point")), self.sweep_points)

    @unittest.skipUnless(DATASHEETS, NO_DATASHEETS)
    def test_labels_of_a_run_and_twelve_chips_never_overlap(self):
        chips = ["chip:" + os.path.basename(p)[:-5] for p in DATASHEETS]
        for start in range(0, len(chips), 12):
            root, _ = self.draw(self.run_file, *chips[start:start + 12])
            frame = next(r for r in root.iter(SVG + "rect") if r.get("class") == "frame")
            x0, y0 = float(frame.get("x")), float(frame.get("y"))
            x1, y1 = x0 + float(frame.get("width")), y0 + float(frame.get("height"))
            boxes = [[float(v) for v in t.get("data-box").split()] for t in ridge_labels(root)]
            self.assertEqual(len(boxes), len(groups(root, "ridge")))
            for i, box in enumerate(boxes):
                self.assertTrue(x0 <= box[0] and box[2] <= x1 and y0 <= box[1] and box[3] <= y1, box)
                for other in boxes[:i]:
                    self.assertFalse(boxes_overlap(box, other), (box, other))

    @unittest.skipUnless(DATASHEETS, NO_DATASHEETS)
    def test_int8_roof_in_ops(self):
        root, result = self.draw("chip:nvidia-h20", extra=("--dtype", "int8,bf16"))
        self.assertNotIn("no int8", result.stderr)
        self.assertEqual({r.get("data-dtype") for r in groups(root, "roof")}, {"int8", "bf16"})
        labels = ["".join(t.itertext()) for t in ridge_labels(root)]
        self.assertIn("H20 int8 74 op/B", labels)
        self.assertIn("H20 bf16 37 flop/B", labels)
        legend = [t for g in groups(root, "legend") for t in texts(g)]
        self.assertIn("int8 296 TOP/s / 4.00 TB/s = 74 op/B", legend)
        titles = [t for t in root.iter(SVG + "text") if t.get("class") == "axis-title"]
        self.assertIn("OP/s", "".join(titles[1].itertext()))
        self.assertRegex(result.stdout, r"int8\s+296 TOP/s\s+4.00 TB/s\s+74.0 op/B")

        root, _ = self.draw("chip:nvidia-h20", extra=("--dtype", "int8"))
        self.assertNotIn("FLOP/s", ET.tostring(root, encoding="unicode"))

    @unittest.skipUnless(DATASHEETS, NO_DATASHEETS)
    def test_equal_peaks_are_one_roof_named_for_both(self):
        # The H20 datasheet states fp16 and bf16 at 148 TFLOPS each.
        root, _ = self.draw("chip:nvidia-h20", extra=("--dtype", "fp16,bf16"))
        self.assertEqual([r.get("data-dtype") for r in groups(root, "roof")], ["fp16 = bf16"])
        self.assertIn("H20 fp16 = bf16 37 flop/B", ["".join(t.itertext()) for t in ridge_labels(root)])

    @unittest.skipUnless(DATASHEETS, NO_DATASHEETS)
    def test_html_page(self):
        page = os.path.join(self.tmp, "page.html")
        self.draw(self.run_file, "chip:nvidia-h20", extra=("--html", page))
        with open(page) as f:
            html = f.read()
        self.assertTrue(html.startswith("<!DOCTYPE html>"))
        self.assertNotIn("<script", html)
        plot, legend = [ET.fromstring(part[:part.index("</svg>") + len("</svg>")])
                        for part in html.split("<svg")[1:] for part in ["<svg" + part]]
        self.assertEqual(plot.get("class"), "roofline-plot")
        self.assertEqual(legend.get("class"), "roofline-legend")
        for svg in (plot, legend):  # scale with the page, not a fixed width
            self.assertEqual(svg.get("width"), "100%")
            self.assertIsNone(svg.get("height"))
            self.assertIn("max-width:", svg.get("style"))
        self.assertNotIn("-0.0%", html)
        for table in ("ridges", "bandwidth", "compute", "fit", "fit-points"):
            self.assertIn('<table class="%s">' % table, html)
        self.assertEqual(html.count("<table"), html.count("</table>"))
        self.assertTrue(html.rstrip().endswith("</html>"))


class RooflineBadInput(unittest.TestCase):
    def assertOneLineError(self, result, fragment):
        self.assertEqual(result.returncode, 2, result.stderr)
        first = result.stderr.splitlines()[0]
        self.assertTrue(first.startswith("ridgeline: error: "), result.stderr)
        self.assertIn(fragment, first)

    def test_missing_file(self):
        with TempDir() as tmp:
            self.assertOneLineError(
                ridgeline("roofline", os.path.join(tmp, "nope.json"), "--out", os.path.join(tmp, "r.svg")),
                "nope.json")

    def test_not_json(self):
        with TempDir() as tmp:
            bad = os.path.join(tmp, "bad.json")
            with open(bad, "w") as f:
                f.write("{ not json")
            result = ridgeline("roofline", bad, "--out", os.path.join(tmp, "r.svg"))
            self.assertOneLineError(result, "bad.json")
            self.assertEqual(len(result.stderr.splitlines()), 1)
            self.assertFalse(os.path.exists(os.path.join(tmp, "r.svg")))

    def test_unknown_chip(self):
        with TempDir() as tmp:
            self.assertOneLineError(
                ridgeline("roofline", "chip:no-such-chip", "--out", os.path.join(tmp, "r.svg")),
                "chip:no-such-chip")

    def test_no_inputs(self):
        with TempDir() as tmp:
            self.assertOneLineError(ridgeline("roofline", "--out", os.path.join(tmp, "r.svg")), "no input")

    def test_bad_dtype(self):
        with TempDir() as tmp:
            self.assertOneLineError(
                ridgeline("roofline", "chip:nvidia-h20", "--dtype", "bf16,fp12", "--out",
                          os.path.join(tmp, "r.svg")), "fp12")

    @unittest.skipUnless(DATASHEETS, NO_DATASHEETS)
    def test_unwritable_out(self):
        with TempDir() as tmp:
            target = os.path.join(tmp, "missing-dir", "r.svg")
            self.assertOneLineError(ridgeline("roofline", "chip:nvidia-h20", "--out", target), "--out")
            self.assertFalse(os.path.exists(target))

    def assertRefused(self, result, fragment):
        self.assertOneLineError(result, fragment)
        self.assertEqual(len(result.stderr.splitlines()), 1, result.stderr)
        self.assertEqual(result.stdout, "")

    @unittest.skipUnless(DATASHEETS, NO_DATASHEETS)
    def test_out_and_html_the_same_file(self):
        with TempDir() as tmp:
            svg = os.path.join(tmp, "r.svg")
            os.symlink(svg, os.path.join(tmp, "link.svg"))
            for html in (svg, os.path.join(tmp, ".", "r.svg"), os.path.join(tmp, "link.svg")):
                result = ridgeline("roofline", "chip:nvidia-h20", "--out", svg, "--html", html)
                self.assertRefused(result, "are the same file")
                self.assertFalse(os.path.exists(svg))

    @unittest.skipUnless(DATASHEETS, NO_DATASHEETS)
    def test_bad_html_writes_no_svg(self):
        with TempDir() as tmp:
            svg = os.path.join(tmp, "r.svg")
            for html in (os.path.join(tmp, "missing-dir", "r.html"), tmp):
                result = ridgeline("roofline", "chip:nvidia-h20", "--out", svg, "--html", html)
                self.assertRefused(result, "--html")
                self.assertFalse(os.path.exists(svg), html)
            with open(svg, "w") as f:
                f.write("old")
            ridgeline("roofline", "chip:nvidia-h20", "--out", svg, "--html", tmp)
            with open(svg) as f:
                self.assertEqual(f.read(), "old")  # an existing file is left as it was


if __name__ == "__main__":
    unittest.main()
