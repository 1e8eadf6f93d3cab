"""scripts/peer_cpu_side_by_side.py with stand-in peers: it reads mixbench-cpu's rate
columns (not its times) and BabelStream's best rates, sets ridgeline's measured numbers
beside them, and refuses a mixbench CSV whose rows do not agree with themselves."""
import json
import os
import stat
import subprocess
import sys
import unittest

from cli_support import BIN, TempDir

SOURCE = os.environ.get("RIDGELINE_SOURCE_DIR",
                        os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
SCRIPT = os.path.join(SOURCE, "scripts", "peer_cpu_side_by_side.py")

# mixbench-cpu's layout: iterations, then per precision ops/byte, ms, G/s, GB/s.
MIXBENCH_ROWS = [
    "Compute iters, Flops/byte, ex.time,  GFLOPS, GB/sec, Flops/byte, ex.time,  GFLOPS, "
    "GB/sec, Iops/byte, ex.time,   GIOPS, GB/sec",
    "            0,      0.250,    2.45,    6.85,  27.38,      0.125,    2.85,    2.95,  "
    "23.59,     0.250,    3.22,    5.21,  20.83",
    "          512,    256.250,   75.13,  228.88,   0.89,    128.125,   76.23,  112.80,   "
    "0.88,   256.250,   93.90,  183.14,   0.71",
]
# The same rows with each precision's time and rate swapped: what a misread would take.
SWAPPED_ROWS = [MIXBENCH_ROWS[0],
                "            0,      0.250,    6.85,    2.45,  27.38,      0.125,    2.95,    "
                "2.85,  23.59,     0.250,    5.21,    3.22,  20.83"]
BABELSTREAM_LINES = ["Function    MB/s        Min (sec)   Max         Average",
                     "Copy        40284.036   0.00666     0.00702     0.00681",
                     "Triad       39919.385   0.01008     0.01050     0.01027"]


def stand_in(directory, name, lines):
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.write("#!/bin/sh\ncat <<'EOF'\n" + "\n".join(lines) + "\nEOF\n")
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return path


def side_by_side(tmp, mixbench, *extra):
    out = os.path.join(tmp, "side_by_side.json")
    result = subprocess.run([sys.executable, SCRIPT, "--ridgeline", BIN, "--mixbench", mixbench,
                             "--rounds", "1", "--repetitions", "2", "--array-bytes",
                             str(4 << 20), "--json", out, *extra],
                            capture_output=True, text=True, timeout=280)
    return result, out


class PeerSideBySide(unittest.TestCase):
    def test_reads_the_peers_rates_and_sets_ridgeline_beside_them(self):
        with TempDir() as tmp:
            mixbench = stand_in(tmp, "mixbench-cpu", MIXBENCH_ROWS)
            babelstream = stand_in(tmp, "omp-stream", BABELSTREAM_LINES)
            result, out = side_by_side(tmp, mixbench, "--babelstream", babelstream)
            self.assertEqual(result.returncode, 0, result.stderr)
            with open(out) as f:
                round_ = json.load(f)["rounds"][0]
        self.assertEqual({p: round_[p]["mixbench_best"] for p in ("fp32", "fp64", "int32")},
                         {"fp32": 228.88, "fp64": 112.80, "int32": 183.14})
        for p in ("fp32", "fp64", "int32"):
            self.assertGreater(round_[p]["ridgeline_median"], 0)
            self.assertAlmostEqual(round_[p]["median_ratio"],
                                   round_[p]["ridgeline_median"] / round_[p]["mixbench_best"])
        self.assertAlmostEqual(round_["stream_fp64"]["copy"]["babelstream_best"], 40.284036)
        self.assertAlmostEqual(round_["stream_fp64"]["triad"]["babelstream_best"], 39.919385)

    def test_a_csv_that_disagrees_with_itself_is_refused(self):
        with TempDir() as tmp:
            result, _ = side_by_side(tmp, stand_in(tmp, "mixbench-cpu", SWAPPED_ROWS))
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("is not the one this script reads", result.stderr)


if __name__ == "__main__":
    unittest.main()
