"""Where --out writes: a symlink stays a link and its target is replaced; a FIFO, a
character device and standard output (-) are written straight into, once, never renamed
over or locked; one file is never named twice; every output is checked before any is written."""
import glob
import json
import os
import stat
import subprocess
import threading
import time
import unittest
import xml.etree.ElementTree as ET

from cli_support import BIN, TempDir, load, ridgeline

SOURCE = os.environ.get("RIDGELINE_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "../.."))
DATASHEETS = bool(glob.glob(os.path.join(SOURCE, "results", "datasheets", "*.json")))
RUN = ["run", "--size", "2M", "--repetitions", "2", "--filter", "^(copy|triad)/fp64$"]
SVG = "{http://www.w3.org/2000/svg}"


class FifoReader:
    """Reads a FIFO to its end on a thread, as `--out fifo`'s consumer would."""

    def __init__(self, path):
        self.data = None
        self._thread = threading.Thread(target=self._read, args=(path,), daemon=True)
        self._thread.start()

    def _read(self, path):
        with open(path, "rb") as f:
            self.data = f.read()

    def result(self, timeout=60):
        self._thread.join(timeout)
        assert not self._thread.is_alive(), "the FIFO was never written and closed"
        return self.data.decode()


def run_and_watch_for(path, args, cwd=None):
    """Runs ridgeline, polling for `path` (a lock file) meanwhile; returns (result, seen)."""
    proc = subprocess.Popen([BIN, *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = False
    while proc.poll() is None:
        seen = seen or os.path.exists(path)
        time.sleep(0.005)
    stdout, stderr = proc.communicate()
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr), seen


class RunOut(unittest.TestCase):
    def test_symlink_is_kept_and_its_target_replaced(self):
        with TempDir() as tmp:
            os.mkdir(os.path.join(tmp, "real"))
            target = os.path.join(tmp, "real", "r.json")
            with open(target, "w") as f:
                f.write("old")
            link = os.path.join(tmp, "latest.json")
            os.symlink("real/r.json", link)
            result, target_locked = run_and_watch_for(target + ".lock", [*RUN, "--out", link])
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertTrue(os.path.islink(link))
            self.assertEqual(os.readlink(link), "real/r.json")
            self.assertEqual(load(target)["ridgeline"]["run"]["status"], "complete")
            self.assertEqual(len(load(target)["ridgeline"]["benchmarks"]), 2)
            self.assertTrue(target_locked, "the lock belongs next to the file that is replaced")
            self.assertEqual(sorted(os.listdir(tmp)), ["latest.json", "real"])
            self.assertEqual(os.listdir(os.path.join(tmp, "real")), ["r.json"])

    def test_fifo_receives_one_valid_file_and_gets_no_lock(self):
        with TempDir() as tmp:
            fifo = os.path.join(tmp, "results.fifo")
            os.mkfifo(fifo)
            reader = FifoReader(fifo)
            result, locked = run_and_watch_for(fifo + ".lock", [*RUN, "--out", fifo])
            self.assertEqual(result.returncode, 0, result.stderr)
            doc = json.loads(reader.result())
            self.assertEqual(doc["ridgeline"]["run"]["status"], "complete")
            self.assertEqual([b["name"] for b in doc["ridgeline"]["benchmarks"]], ["copy/fp64", "triad/fp64"])
            self.assertFalse(locked)
            self.assertTrue(stat.S_ISFIFO(os.stat(fifo).st_mode))  # still a FIFO, not a file
            self.assertEqual(os.listdir(tmp), ["results.fifo"])
            self.assertIn("results in %s\n" % fifo, result.stdout)

    def test_regular_file_is_locked_while_written(self):
        # The control for the FIFO test above: the same polling sees a regular file's lock.
        with TempDir() as tmp:
            out = os.path.join(tmp, "r.json")
            result, locked = run_and_watch_for(out + ".lock", [*RUN, "--out", out])
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertTrue(locked)

    def test_dash_prints_the_file_to_stdout_and_creates_nothing(self):
        with TempDir() as tmp:
            result = ridgeline(*RUN, "--out", "-", cwd=tmp)
            self.assertEqual(result.returncode, 0, result.stderr)
            doc = json.loads(result.stdout)  # all of stdout is the result file
            self.assertEqual(doc["ridgeline"]["run"]["status"], "complete")
            self.assertEqual(len(doc["benchmarks"]), 2 * (2 + 4))  # 2 iterations + 4 aggregates each
            self.assertIn("Memory bandwidth, GB/s", result.stderr)  # the report moved to stderr
            self.assertTrue(result.stderr.endswith("results in standard output\n"), result.stderr)
            self.assertEqual(os.listdir(tmp), [])  # no file named '-', no '-.lock', no results/

    def test_dev_stdout_on_a_pipe_is_standard_output(self):
        result = ridgeline(*RUN, "--out", "/dev/stdout")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout)["ridgeline"]["run"]["status"], "complete")
        self.assertIn("results in /dev/stdout\n", result.stderr)

    def test_dev_null(self):
        before = os.stat("/dev/null")
        result = ridgeline(*RUN, "--out", "/dev/null")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("results in /dev/null\n", result.stdout)
        after = os.stat("/dev/null")
        self.assertTrue(stat.S_ISCHR(after.st_mode))
        self.assertEqual((before.st_ino, before.st_rdev), (after.st_ino, after.st_rdev))


@unittest.skipUnless(DATASHEETS, "results/datasheets has no datasheet files yet")
class RooflineOut(unittest.TestCase):
    def assertErrorLine(self, result, message):
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertEqual(result.stderr, "ridgeline: error: %s (see ridgeline roofline --help)\n" % message)

    def test_the_same_file_twice_is_refused_however_spelled(self):
        with TempDir() as tmp:
            svg = os.path.join(tmp, "r.svg")
            os.mkdir(os.path.join(tmp, "sub"))
            for html in (svg, os.path.join(tmp, ".", "r.svg"), os.path.join(tmp, "sub", "..", "r.svg")):
                self.assertErrorLine(ridgeline("roofline", "chip:nvidia-h20", "--out", svg, "--html", html),
                                     "--out %s and --html %s are the same file; the page would replace the "
                                     "picture" % (svg, html))
                self.assertFalse(os.path.exists(svg))
            os.symlink("r.svg", os.path.join(tmp, "link.svg"))  # dangling until r.svg exists
            link = os.path.join(tmp, "link.svg")
            self.assertErrorLine(ridgeline("roofline", "chip:nvidia-h20", "--out", svg, "--html", link),
                                 "--out %s and --html %s are the same file; the page would replace the picture"
                                 % (svg, link))
            self.assertFalse(os.path.exists(svg))
            self.assertErrorLine(ridgeline("roofline", "chip:nvidia-h20", "--out", "-", "--html", "/dev/stdout"),
                                 "--out - and --html /dev/stdout are the same file; the page would replace "
                                 "the picture")

    def test_a_bad_html_path_leaves_no_svg(self):
        with TempDir() as tmp:
            svg = os.path.join(tmp, "r.svg")
            html = os.path.join(tmp, "missing", "r.html")
            self.assertErrorLine(ridgeline("roofline", "chip:nvidia-h20", "--out", svg, "--html", html),
                                 "--html %s: cannot create a file in %s: No such file or directory"
                                 % (html, os.path.dirname(html)))
            self.assertEqual(os.listdir(tmp), [])

    def test_symlink_out_keeps_the_link(self):
        with TempDir() as tmp:
            target = os.path.join(tmp, "pictures", "h20.svg")
            os.mkdir(os.path.dirname(target))
            link = os.path.join(tmp, "roofline.svg")
            os.symlink(target, link)
            result = ridgeline("roofline", "chip:nvidia-h20", "--out", link)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertTrue(os.path.islink(link))
            self.assertEqual(ET.parse(target).getroot().tag, SVG + "svg")

    def test_svg_to_stdout_and_html_to_a_fifo(self):
        with TempDir() as tmp:
            fifo = os.path.join(tmp, "page.fifo")
            os.mkfifo(fifo)
            reader = FifoReader(fifo)
            result = ridgeline("roofline", "chip:nvidia-h20", "--out", "-", "--html", fifo, cwd=tmp)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(ET.fromstring(result.stdout).tag, SVG + "svg")
            page = reader.result()
            self.assertTrue(page.startswith("<!DOCTYPE html>"))
            self.assertTrue(page.rstrip().endswith("</html>"))
            self.assertIn("37.0 flop/B", result.stderr)  # the table went to stderr
            self.assertTrue(result.stderr.endswith("wrote standard output and %s\n" % fifo), result.stderr)
            self.assertEqual(os.listdir(tmp), ["page.fifo"])


@unittest.skipUnless(DATASHEETS, "results/datasheets has no datasheet files yet")
class ProjectOut(unittest.TestCase):
    GEMM = ["project", "--workload", "gemm", "--m", "4096", "--n", "4096", "--k", "4096", "chip:nvidia-h20"]

    def test_out_writes_what_would_be_printed(self):
        with TempDir() as tmp:
            out = os.path.join(tmp, "p.txt")
            result = ridgeline(*self.GEMM, "--out", out)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(result.stdout, "")
            with open(out) as f:
                self.assertEqual(f.read(), ridgeline(*self.GEMM).stdout)

    def test_out_dash_and_unwritable(self):
        self.assertEqual(ridgeline(*self.GEMM, "--out", "-").stdout, ridgeline(*self.GEMM).stdout)
        with TempDir() as tmp:
            bad = os.path.join(tmp, "no", "p.txt")
            result = ridgeline(*self.GEMM, "--out", bad)
            self.assertEqual(result.returncode, 2)
            self.assertEqual(result.stderr, "ridgeline: error: --out %s: cannot create a file in %s: No such file or "
                             "directory (see ridgeline project --help)\n" % (bad, os.path.dirname(bad)))


if __name__ == "__main__":
    unittest.main()
