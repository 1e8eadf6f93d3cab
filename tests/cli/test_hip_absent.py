"""A binary with the HIP backend on a host without an AMD GPU: `ridgeline devices` says
"no HIP device" and why, and an explicit HIP device is a usage error (exit 2)."""
import unittest

from cli_support import SMALL, ridgeline


def hip_compiled_in():
    return "hip" in ridgeline("--version").stdout.split("backends:")[-1]


def no_hip_device():
    return "no HIP device: " in ridgeline("devices").stdout


@unittest.skipUnless(hip_compiled_in(), "this binary was built without the HIP backend")
@unittest.skipUnless(no_hip_device(), "an AMD GPU is present: the GPU tests cover it")
class NoHipDevice(unittest.TestCase):
    def test_devices_says_why(self):
        result = ridgeline("devices")
        self.assertEqual(result.returncode, 0, result.stderr)
        line = next(l for l in result.stdout.splitlines() if l.startswith("no HIP device: "))
        self.assertIn("hipGetDeviceCount", line)
        self.assertIn("cpu:0", result.stdout)

    def test_explicit_hip_device_is_a_usage_error(self):
        result = ridgeline("run", "--device", "hip:0", *SMALL)
        self.assertEqual(result.returncode, 2, result.stderr)
        first = result.stderr.splitlines()[0]
        self.assertTrue(first.startswith("ridgeline: error: no HIP device: hipGetDeviceCount"),
                        first)


if __name__ == "__main__":
    unittest.main()
