"""An interrupted run keeps every finished benchmark and says it is incomplete."""
import json
import os
import signal
import subprocess
import time
import unittest

from cli_support import BIN, TempDir


def finished_benchmarks(path):
    try:
        with open(path) as f:
            return json.load(f)["ridgeline"]["benchmarks"]
    except (OSError, ValueError, KeyError):
        return []


class Interrupted(unittest.TestCase):
    def start_and_wait_for_two_benchmarks(self, out):
        # Enough work that the run is still going when the signal arrives.
        proc = subprocess.Popen([BIN, "run", "--size", "8M", "--repetitions", "3", "--out", out],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 120
        while len(finished_benchmarks(out)) < 2:
            self.assertIsNone(proc.poll(), "run ended before it could be interrupted")
            self.assertLess(time.time(), deadline, "no benchmark finished in time")
            time.sleep(0.05)
        return proc

    def check_file(self, out, status):
        with open(out) as f:
            doc = json.load(f)  # must be complete, valid JSON
        rl = doc["ridgeline"]
        self.assertEqual(rl["run"]["status"], status)
        self.assertGreaterEqual(len(rl["benchmarks"]), 2)
        for b in rl["benchmarks"]:
            self.assertEqual(b["status"], "ok", b)
            self.assertGreater(len(b["samples_seconds"]), 0)
        self.assertEqual({b["run_name"] for b in doc["benchmarks"]},
                         {b["name"] for b in rl["benchmarks"]})
        self.assertEqual([f for f in os.listdir(os.path.dirname(out)) if ".tmp." in f], [])
        return rl

    def test_sigint_keeps_finished_benchmarks(self):
        with TempDir() as tmp:
            out = os.path.join(tmp, "interrupted.json")
            proc = self.start_and_wait_for_two_benchmarks(out)
            proc.send_signal(signal.SIGINT)
            stdout, stderr = proc.communicate(timeout=120)
            self.assertEqual(proc.returncode, 130, stderr)
            self.assertIn("interrupted", stderr)
            rl = self.check_file(out, "interrupted")
            self.assertTrue(rl["run"]["finished_utc"])

    def test_sigterm_keeps_finished_benchmarks(self):
        with TempDir() as tmp:
            out = os.path.join(tmp, "terminated.json")
            proc = self.start_and_wait_for_two_benchmarks(out)
            proc.send_signal(signal.SIGTERM)
            _, stderr = proc.communicate(timeout=120)
            self.assertEqual(proc.returncode, 143, stderr)
            self.check_file(out, "interrupted")

    def test_sigkill_leaves_a_valid_incomplete_file(self):
        with TempDir() as tmp:
            out = os.path.join(tmp, "killed.json")
            proc = self.start_and_wait_for_two_benchmarks(out)
            proc.kill()
            proc.communicate(timeout=60)
            self.check_file(out, "incomplete")


if __name__ == "__main__":
    unittest.main()
