"""Two processes at once, and a disk that fills up: no interleaved or lost output."""
import os
import resource
import signal
import subprocess
import time
import unittest

from cli_support import BIN, TempDir, load

ARGS = ["run", "--suite", "quick", "--size", "2M", "--repetitions", "2"]


def start(out, preexec_fn=None):
    return subprocess.Popen([BIN, *ARGS, "--out", out], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=preexec_fn)


class Concurrent(unittest.TestCase):
    def test_two_processes_writing_different_files_both_succeed(self):
        with TempDir() as tmp:
            outs = [os.path.join(tmp, f"r{i}.json") for i in range(2)]
            procs = [start(o) for o in outs]
            for proc, out in zip(procs, outs):
                _, stderr = proc.communicate(timeout=240)
                self.assertEqual(proc.returncode, 0, stderr)
                self.assertEqual(load(out)["ridgeline"]["run"]["status"], "complete")

    def test_second_writer_of_the_same_file_is_refused(self):
        with TempDir() as tmp:
            out = os.path.join(tmp, "same.json")
            first = start(out)
            deadline = time.time() + 60
            while not os.path.exists(out + ".lock"):
                self.assertLess(time.time(), deadline, "first run never locked its file")
                time.sleep(0.01)
            second = subprocess.run([BIN, *ARGS, "--out", out], capture_output=True, text=True,
                                    timeout=60)
            self.assertEqual(second.returncode, 2, second.stderr)
            line = second.stderr.splitlines()[0]
            self.assertIn("being written by another ridgeline process", line)
            _, stderr = first.communicate(timeout=240)
            self.assertEqual(first.returncode, 0, stderr)
            rl = load(out)["ridgeline"]
            self.assertEqual(rl["run"]["status"], "complete")
            self.assertTrue(all(b["status"] == "ok" for b in rl["benchmarks"]))


def file_size_limit(limit):
    def apply():
        # Ignored, SIGXFSZ no longer kills: the write fails with EFBIG instead.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


class FullDisk(unittest.TestCase):
    def check_kept(self, proc, out):
        _, stderr = proc.communicate(timeout=240)
        self.assertEqual(proc.returncode, 1, stderr)
        last = stderr.strip().splitlines()[-1]
        self.assertTrue(last.startswith("ridgeline: error: could not update "), stderr)
        self.assertIn("keeps every benchmark written before", last)
        rl = load(out)["ridgeline"]  # the last complete rewrite, still valid JSON
        self.assertEqual(rl["run"]["status"], "incomplete")
        self.assertGreater(len(rl["benchmarks"]), 0)
        self.assertEqual([f for f in os.listdir(os.path.dirname(out)) if ".tmp." in f], [])
        return stderr

    def test_file_size_limit_keeps_the_last_valid_file(self):
        with TempDir() as tmp:
            out = os.path.join(tmp, "same.json")
            # Room for the header and a few benchmarks, not for all 14 of the quick suite.
            stderr = self.check_kept(start(out, file_size_limit(24 * 1024)), out)
            self.assertIn("File too large", stderr)

    @unittest.skipUnless(hasattr(os, "geteuid") and os.geteuid() == 0, "mounting a tmpfs needs root")
    def test_full_tmpfs_keeps_the_last_valid_file(self):
        with TempDir() as tmp:
            mount = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", tmp],
                                   capture_output=True, text=True)
            if mount.returncode != 0:
                self.skipTest("cannot mount a tmpfs here: " + mount.stderr.strip())
            try:
                out = os.path.join(tmp, "same.json")
                stderr = self.check_kept(start(out), out)
                self.assertIn("No space left on device", stderr)
            finally:
                subprocess.run(["umount", tmp], check=True)


if __name__ == "__main__":
    unittest.main()
