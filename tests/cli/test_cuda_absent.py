"""A binary with the CUDA backend on a host without a GPU: a clear message, exit 2 for an
explicit CUDA device, and `--device auto` falls back to the CPU with a note."""
import unittest

from cli_support import SMALL, TempDir, ridgeline


def cuda_compiled_in():
    return "cuda" in ridgeline("--version").stdout


def no_cuda_device():
    return "no CUDA device: " in ridgeline("devices").stdout


@unittest.skipUnless(cuda_compiled_in(), "this binary was built without the CUDA backend")
@unittest.skipUnless(no_cuda_device(), "a CUDA device is present: the GPU tests cover it")
class NoCudaDevice(unittest.TestCase):
    def test_devices_says_why(self):
        result = ridgeline("devices")
        self.assertEqual(result.returncode, 0, result.stderr)
        line = next(l for l in result.stdout.splitlines() if l.startswith("no CUDA device: "))
        self.assertIn("cudaGetDeviceCount", line)
        self.assertIn("cpu:0", result.stdout)

    def test_explicit_cuda_device_is_a_usage_error(self):
        result = ridgeline("run", "--device", "cuda:0", *SMALL)
        self.assertEqual(result.returncode, 2, result.stderr)
        first = result.stderr.splitlines()[0]
        self.assertTrue(first.startswith("ridgeline: error: no CUDA device: cudaGetDeviceCount"), first)

    def test_auto_falls_back_to_the_cpu_with_a_note(self):
        with TempDir() as tmp:
            out = f"{tmp}/r.json"
            result = ridgeline("run", "--device", "auto", "--suite", "quick", "--filter", "^copy/",
                               *SMALL, "--out", out)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertIn("no CUDA device: ", result.stderr)
            self.assertIn("trying the next backend", result.stderr)


if __name__ == "__main__":
    unittest.main()
