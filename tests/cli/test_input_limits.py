"""Absurd input to run and to a reading command: one clear line, exit 2, bounded time."""
import os
import time
import unittest

from cli_support import TempDir, ridgeline


class Limits(unittest.TestCase):
    def assertUsageError(self, result, fragment):
        self.assertEqual(result.returncode, 2, result.stderr)
        first = result.stderr.splitlines()[0]
        self.assertTrue(first.startswith("ridgeline: error: "), result.stderr)
        self.assertIn(fragment, first)

    def test_time_limit_must_be_positive(self):
        for value in ("0", "-1", "nan"):
            self.assertUsageError(ridgeline("run", f"--time-limit={value}"), "--time-limit")
        self.assertUsageError(ridgeline("run", "--time-limit", "soon"), "--time-limit")

    def test_result_file_over_one_gib_is_refused_without_reading_it(self):
        with TempDir() as tmp:
            big = os.path.join(tmp, "big.json")
            with open(big, "wb") as f:
                f.truncate((1 << 30) + 1)  # sparse: no disk used
            start = time.monotonic()
            result = ridgeline("compare", big, big, timeout=30)
            self.assertLess(time.monotonic() - start, 5)
            self.assertUsageError(result, "larger than the 1 GiB limit")

    def test_deeply_nested_json_is_refused(self):
        with TempDir() as tmp:
            deep = os.path.join(tmp, "deep.json")
            with open(deep, "w") as f:
                f.write("[" * 1_000_000 + "]" * 1_000_000)
            result = ridgeline("compare", deep, deep, timeout=30)
            self.assertUsageError(result, "nested deeper than 64 levels")


if __name__ == "__main__":
    unittest.main()
