"""ridgeline roofline --html in a real browser (headless Chromium): the page loads without a
console error, the plot and its legend are in the DOM, at an 800 px window nothing scrolls
sideways and the legend stays on the page, and every ridge label's text as the browser
lays it out (real font metrics) fits in the box the generator reserved for it and overlaps
no other label. Skipped where no Chromium is installed (Debian: apt-get install chromium)."""
import os
import re
import shutil
import subprocess
import unittest

from cli_support import TempDir, ridgeline

SOURCE = os.environ.get("RIDGELINE_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "../.."))
RUN = os.path.join(SOURCE, "tests", "fixtures", "roofline", "cpu_quick_run.json")
CHIPS = ["nvidia-h20", "nvidia-h100-sxm5", "nvidia-b200", "nvidia-a100-sxm-80gb", "amd-mi300x",
         "amd-mi250x", "huawei-ascend-910b1", "huawei-ascend-910b2", "intel-gaudi3",
         "cambricon-mlu590", "nvidia-l20", "baidu-kunlun-p800"]
CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(n)), None)
NO_CHROMIUM = "no chromium on PATH (scripts/setup.sh --browser, or apt-get install chromium)"

# Appended to a copy of the page, never to what ridgeline writes (which has no script):
# measures the laid-out page and writes the findings into the DOM for --dump-dom.
PROBE = """<script>
const found = [];
const width = window.innerWidth;
if (document.documentElement.scrollWidth > width)
  found.push('scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + width);
for (const cls of ['roofline-plot', 'roofline-legend']) {
  const svg = document.querySelector('svg.' + cls);
  if (!svg) { found.push('no svg.' + cls); continue; }
  const r = svg.getBoundingClientRect();
  if (r.width < 100 || r.height < 100) found.push(cls + ' is ' + r.width + ' x ' + r.height);
  if (r.right > width + 0.5) found.push(cls + ' ends at ' + r.right + ' past ' + width);
}
const labels = [...document.querySelectorAll('text.ridge-label')];
if (labels.length < 20) found.push('only ' + labels.length + ' ridge labels');
const boxes = labels.map(t => {
  const b = t.getBBox();
  const [x0, y0, x1, y1] = t.dataset.box.split(' ').map(Number);
  if (b.x < x0 - 0.5 || b.y < y0 - 0.5 || b.x + b.width > x1 + 0.5 || b.y + b.height > y1 + 0.5)
    found.push('"' + t.textContent + '" lays out at ' + [b.x, b.y, b.x + b.width, b.y + b.height]
               .map(v => v.toFixed(1)) + ', outside its box ' + t.dataset.box);
  return [b.x, b.y, b.x + b.width, b.y + b.height, t.textContent];
});
boxes.forEach((a, i) => boxes.slice(0, i).forEach(b => {
  if (a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3])
    found.push('"' + a[4] + '" overlaps "' + b[4] + '"');
}));
const out = document.createElement('pre');
out.id = 'probe';
out.textContent = 'PROBE[' + labels.length + ' labels; ' + (found.join(' | ') || 'ok') + ']';
document.body.appendChild(out);
</script>
"""


def chromium(*args, timeout=120):
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                           "--disable-dev-shm-usage", "--hide-scrollbars", "--enable-logging=stderr",
                           "--v=0", *args], capture_output=True, text=True, timeout=timeout)


def console_errors(stderr):
    """Lines where the page itself complained: a console message or an uncaught error."""
    return [line for line in stderr.splitlines()
            if "CONSOLE" in line or "Uncaught" in line or "Failed to load resource" in line]


class ChromiumWhereRequired(unittest.TestCase):
    """CI installs Chromium (scripts/test.sh: setup.sh --browser) and sets
    RIDGELINE_REQUIRE_BROWSER, so there a missing browser fails instead of skipping."""

    @unittest.skipUnless(os.environ.get("RIDGELINE_REQUIRE_BROWSER"), "RIDGELINE_REQUIRE_BROWSER unset")
    def test_chromium_is_installed(self):
        self.assertTrue(CHROMIUM, NO_CHROMIUM)


@unittest.skipUnless(CHROMIUM, NO_CHROMIUM)
class RooflineInBrowser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._tmp = TempDir()
        cls.tmp = cls._tmp.__enter__()
        cls.svg = os.path.join(cls.tmp, "roofline.svg")
        cls.html = os.path.join(cls.tmp, "roofline.html")
        result = ridgeline("roofline", RUN, *["chip:" + c for c in CHIPS], "--out", cls.svg,
                           "--html", cls.html)
        assert result.returncode == 0, result.stderr

    @classmethod
    def tearDownClass(cls):
        cls._tmp.__exit__(None, None, None)

    def test_page_loads_with_plot_and_legend(self):
        result = chromium("--dump-dom", "file://" + self.html)
        self.assertEqual(result.returncode, 0, result.stderr[-2000:])
        self.assertEqual(console_errors(result.stderr), [])
        dom = result.stdout
        self.assertIn('class="roofline-plot"', dom)
        self.assertIn('class="roofline-legend"', dom)
        self.assertEqual(dom.count('class="legend-input"'), 1 + len(CHIPS))
        self.assertIn("NVIDIA H20 (96GB)", dom)
        self.assertIn('<table class="ridges">', dom)

    def test_svg_file_loads(self):
        result = chromium("--dump-dom", "file://" + self.svg)
        self.assertEqual(result.returncode, 0, result.stderr[-2000:])
        self.assertEqual(console_errors(result.stderr), [])
        self.assertIn('class="ridge-label"', result.stdout)

    def probe(self, window_width):
        page = os.path.join(self.tmp, "probe-%d.html" % window_width)
        with open(self.html) as f:
            html = f.read()
        with open(page, "w") as f:
            f.write(html.replace("</body>", PROBE + "</body>"))
        result = chromium("--window-size=%d,900" % window_width, "--dump-dom", "file://" + page)
        self.assertEqual(result.returncode, 0, result.stderr[-2000:])
        self.assertEqual(console_errors(result.stderr), [])
        match = re.search(r'<pre id="probe">PROBE\[(.*?)\]</pre>', result.stdout, re.S)
        self.assertIsNotNone(match, "the probe did not run")
        return match.group(1)

    def test_narrow_window_keeps_legend_and_labels_fit_their_boxes(self):
        for width in (800, 1400):
            with self.subTest(window=width):
                self.assertRegex(self.probe(width), r"^\d+ labels; ok$")


if __name__ == "__main__":
    unittest.main()
