"""scripts/device_check.sh, the one call on a GPU host, in its --dry-run (--device cpu):
every step runs or is skipped with its reason, the files that come back are at most 8,
each under 16 MiB, laid out as results/<device>/ expects; a failing smoke run stops the
script; bad usage is one line and exit 2."""
import glob
import json
import os
import subprocess
import unittest

from cli_support import BIN, SANITIZER_BUILD, TempDir

SOURCE = os.environ.get("RIDGELINE_SOURCE_DIR",
                        os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
SCRIPT = os.path.join(SOURCE, "scripts", "device_check.sh")
STEPS = ["device_state", "ridgeline_gpu_tests", "quick_suite", "sanitizer_memcheck",
         "sanitizer_racecheck", "default_suite", "babelstream_cuda", "peer_torch_copy",
         "peer_torch_matmul"]


def check(*args, env=None):
    full = dict(os.environ)
    full.update(env or {})
    return subprocess.run([SCRIPT, "--bin", BIN, *args], capture_output=True, text=True,
                          timeout=600, env=full)


def summary_lines(path):
    with open(path) as f:
        return {line.split()[0]: line for line in f if not line.startswith("#")}


@unittest.skipIf(SANITIZER_BUILD, "a sanitizer build: not what travels to a GPU host")
class DryRun(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        cls.out = cls.tmp.__enter__()
        cls.result = check("--dry-run", cls.out)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.__exit__(None, None, None)

    def files(self):
        return sorted(glob.glob(os.path.join(self.out, "*", "*")))

    def test_passes_and_says_every_step(self):
        self.assertEqual(self.result.returncode, 0, self.result.stdout + self.result.stderr)
        summaries = glob.glob(os.path.join(self.out, "*", "*.summary.txt"))
        self.assertEqual(len(summaries), 1, self.files())
        lines = summary_lines(summaries[0])
        for name in STEPS:
            self.assertIn(name, lines, f"step {name} missing from the summary")
        for name in ("device_state", "ridgeline_gpu_tests", "quick_suite", "default_suite"):
            self.assertEqual(lines[name].split()[1], "ok", lines[name])
        for name in STEPS[3:5] + STEPS[6:]:
            self.assertEqual(lines[name].split()[1], "skip", lines[name])
            self.assertIn("dry run", lines[name])

    def test_what_comes_back_fits_and_is_laid_out_as_results_expects(self):
        files = self.files()
        self.assertLessEqual(len(files), 8, files)
        folders = {os.path.basename(os.path.dirname(f)) for f in files}
        self.assertEqual(len(folders), 1, folders)
        slug = folders.pop()
        self.assertTrue(slug.startswith("cpu-"), slug)
        for f in files:
            self.assertTrue(os.path.basename(f).startswith(slug + "-"), f)
            self.assertLess(os.path.getsize(f), 16 << 20, f)
        suffixes = {os.path.basename(f)[len(slug) + 17:] for f in files}  # -YYYYmmddTHHMMSSZ
        for suffix in (".json", ".quick.json", ".console.log", ".device-state.txt",
                       ".gpu-tests.log", ".summary.txt"):
            self.assertIn(suffix, suffixes, files)
        result = next(f for f in files if f.endswith("Z.json"))
        with open(result) as fh:
            doc = json.load(fh)
        self.assertEqual(doc["ridgeline"]["device"]["backend"], "cpu")
        self.assertGreater(len(doc["benchmarks"]), 0)


@unittest.skipIf(SANITIZER_BUILD, "a sanitizer build: not what travels to a GPU host")
class Failures(unittest.TestCase):
    def test_a_failing_smoke_run_stops_the_script(self):
        with TempDir() as out:
            result = check("--dry-run", out, env={"RIDGELINE_FAULT": "wrong:copy"})
            self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
            lines = summary_lines(glob.glob(os.path.join(out, "*", "*.summary.txt"))[0])
            self.assertEqual(lines["quick_suite"].split()[1], "FAIL", lines["quick_suite"])
            self.assertIn("stopped: the quick smoke run failed", lines["default_suite"])

    def test_bad_usage_is_one_line_and_exit_2(self):
        for args, words in ((["--frobnicate", "x"], "unknown option '--frobnicate'"),
                            ([], "no OUTDIR"),
                            (["--budget", "5", "x"], "--budget '5'"),
                            (["--device", "tpu:0", "x"], "--device 'tpu:0'")):
            result = check(*args)
            self.assertEqual(result.returncode, 2, (args, result.stderr))
            self.assertEqual(len(result.stderr.splitlines()), 1, result.stderr)
            self.assertIn(words, result.stderr)


if __name__ == "__main__":
    unittest.main()
