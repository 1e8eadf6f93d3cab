"""Bad input: one clear line on stderr, usage hint, exit code 2, no result file."""
import os
import unittest

from cli_support import SMALL, TempDir, ridgeline


class BadArguments(unittest.TestCase):
    def assertUsageError(self, result, fragment):
        self.assertEqual(result.returncode, 2, result.stderr)
        first = result.stderr.splitlines()[0]
        self.assertTrue(first.startswith("ridgeline: error: "), result.stderr)
        self.assertIn(fragment, first)
        self.assertIn("usage:", result.stderr)

    def test_unknown_device(self):
        self.assertUsageError(ridgeline("run", "--device", "tpu:0"), "unknown device 'tpu:0'")

    def test_malformed_device_index(self):
        self.assertUsageError(ridgeline("run", "--device", "cpu:x"), "--device 'cpu:x'")

    def test_absent_cpu_index(self):
        self.assertUsageError(ridgeline("run", "--device", "cpu:3"), "no device cpu:3")

    def test_filter_matching_nothing(self):
        self.assertUsageError(ridgeline("run", "--filter", "no-such-kernel"), "matches no benchmark")

    def test_invalid_regex(self):
        self.assertUsageError(ridgeline("run", "--filter", "(unclosed"), "not a valid regular expression")

    def test_size_zero(self):
        self.assertUsageError(ridgeline("run", "--size", "0"), "greater than zero")

    def test_size_negative(self):
        self.assertUsageError(ridgeline("run", "--size=-5"), "positive")

    def test_size_garbage(self):
        self.assertUsageError(ridgeline("run", "--size", "lots"), "not a size")

    def test_size_larger_than_memory(self):
        self.assertUsageError(ridgeline("run", "--size", "64T"), "arrays of that size need")

    def test_unknown_suite(self):
        self.assertUsageError(ridgeline("run", "--suite", "huge"), "--suite 'huge'")

    def test_zero_repetitions(self):
        self.assertUsageError(ridgeline("run", "--repetitions", "0"), "--repetitions 0")

    def test_unknown_option(self):
        self.assertUsageError(ridgeline("run", "--bogus"), "--bogus")

    def test_no_subcommand(self):
        result = ridgeline()
        self.assertEqual(result.returncode, 2)
        self.assertIn("usage:", result.stderr)

    def test_unwritable_out(self):
        with TempDir() as tmp:
            target = os.path.join(tmp, "missing-dir", "sub", "r.json")
            self.assertUsageError(
                ridgeline("run", *SMALL, "--filter", "^copy/fp64$", "--out", target),
                "cannot write the result file")
            self.assertFalse(os.path.exists(target))


class Informational(unittest.TestCase):
    def test_version(self):
        result = ridgeline("--version")
        self.assertEqual(result.returncode, 0)
        self.assertRegex(result.stdout, r"^ridgeline \d+\.\d+\.\d+ \(git ")

    def test_help_lists_subcommands(self):
        result = ridgeline("--help")
        self.assertEqual(result.returncode, 0)
        for sub in ("run", "list", "devices"):
            self.assertIn(sub, result.stdout)

    def test_list_shows_declared_bytes_and_flops(self):
        result = ridgeline("list")
        self.assertEqual(result.returncode, 0)
        triad = [l.split() for l in result.stdout.splitlines() if l.startswith("triad") and " fp64 " in l]
        self.assertEqual(len(triad), 1)
        # kernel family dtype loads stores bytes/elem flops/elem unit ...
        self.assertEqual(triad[0][3:7], ["2", "1", "24", "2"])

    def test_devices_lists_the_cpu_and_says_which_gpus_are_absent(self):
        result = ridgeline("devices")
        self.assertEqual(result.returncode, 0)
        self.assertIn("cpu:0", result.stdout)
        self.assertRegex(result.stdout, r"no CUDA device")
        self.assertRegex(result.stdout, r"no HIP device")


if __name__ == "__main__":
    unittest.main()
