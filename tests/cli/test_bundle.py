"""scripts/bundle.sh on this build (--build-dir: the tree ctest runs in, not a second
build), then the unpacked bundle run with no CUDA toolkit on any path: `ridgeline devices`
and a CPU run work, every ELF file in it resolves to glibc, the driver or its own lib/,
and a bundle over its size limit is refused."""
import json
import os
import re
import subprocess
import tarfile
import unittest

from cli_support import BIN, SANITIZER_BUILD, TempDir

SOURCE = os.environ.get("RIDGELINE_SOURCE_DIR",
                        os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
SCRIPT = os.path.join(SOURCE, "scripts", "bundle.sh")
BUILD = os.path.dirname(os.path.abspath(BIN))
# Where the host's own toolkit lives: none of it may be seen by the unpacked bundle.
TOOLKIT = re.compile(r"/usr/local/cuda|/opt/rocm|nvidia/cu\d+/lib|nvidia/cublas")


def bundle(out, *args):
    return subprocess.run([SCRIPT, "--build-dir", BUILD, "--out", out, *args],
                          capture_output=True, text=True, timeout=300)


def bare_environment():
    """This process's environment without a CUDA toolkit on the library or program path."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("LD_LIBRARY_PATH", "CUDA_HOME", "CUDA_PATH", "RIDGELINE_PLUGIN_DIR",
                        "RIDGELINE_BIN", "RIDGELINE_FAULT", "RIDGELINE_CPU_SIMD")}
    env["PATH"] = ":".join(p for p in env.get("PATH", "/usr/bin:/bin").split(":")
                           if not TOOLKIT.search(p))
    return env


@unittest.skipIf(SANITIZER_BUILD, "a sanitizer build: not what travels to a GPU host")
class Bundle(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        cls.out = cls.tmp.__enter__()
        cls.result = bundle(cls.out)
        tarballs = [f for f in os.listdir(cls.out) if f.endswith(".tar.gz")]
        cls.tarball = os.path.join(cls.out, tarballs[0]) if len(tarballs) == 1 else None
        cls.unpacked = os.path.join(cls.out, "unpacked")
        if cls.tarball:
            with tarfile.open(cls.tarball) as t:
                t.extractall(cls.unpacked)
            (top,) = os.listdir(cls.unpacked)
            cls.root = os.path.join(cls.unpacked, top)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.__exit__(None, None, None)

    def run_bundled(self, *args):
        return subprocess.run([os.path.join(self.root, "ridgeline"), *args], capture_output=True,
                              text=True, timeout=240, env=bare_environment(), cwd=self.out)

    def test_packs_within_its_limit_and_says_so(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr)
        self.assertIsNotNone(self.tarball, os.listdir(self.out))
        self.assertLessEqual(os.path.getsize(self.tarball), 32 << 20)
        self.assertIn("of at most 32.0 MiB; ldd: every file resolves", self.result.stdout)
        for part in ("ridgeline", "MANIFEST", "scripts/device_check.sh",
                     "results/datasheets", "tests/ridgeline_gpu_tests"):
            self.assertTrue(os.path.exists(os.path.join(self.root, part)), part)
        if os.path.isfile(os.path.join(BUILD, "plugins", "libridgeline_cuda.so")):
            self.assertTrue(os.path.isfile(os.path.join(self.root, "plugins",
                                                        "libridgeline_cuda.so")))
        self.assertFalse(os.path.exists(os.path.join(self.root, "plugins", "libridgeline_hip.so")))

    def test_every_file_resolves_inside_the_bundle_or_to_the_host(self):
        for folder, _, names in os.walk(self.root):
            for name in names:
                path = os.path.join(folder, name)
                with open(path, "rb") as f:
                    if f.read(4) != b"\x7fELF":
                        continue
                ldd = subprocess.run(["ldd", path], capture_output=True, text=True,
                                     env=bare_environment()).stdout
                self.assertNotIn("not found", ldd, path)
                self.assertIsNone(TOOLKIT.search(ldd), f"{path}:\n{ldd}")

    def test_devices_and_a_cpu_run_work_from_the_unpacked_bundle(self):
        devices = self.run_bundled("devices")
        self.assertEqual(devices.returncode, 0, devices.stderr)
        self.assertIn("cpu:0", devices.stdout)
        if os.path.isfile(os.path.join(self.root, "plugins", "libridgeline_cuda.so")):
            # The plugin loaded (no GPU here: the runtime's reason, not a missing plugin).
            line = next(l for l in devices.stdout.splitlines() if l.startswith("no CUDA device"))
            self.assertIn("cudaGetDeviceCount", line)
        out = os.path.join(self.out, "r.json")
        run = self.run_bundled("run", "--device", "cpu", "--filter", "^(copy/fp64|peak_fma/fp32)$",
                               "--size", "2M", "--repetitions", "2", "--out", out)
        self.assertEqual(run.returncode, 0, run.stderr)
        with open(out) as f:
            doc = json.load(f)
        names = sorted(b["name"] for b in doc["ridgeline"]["benchmarks"])
        self.assertEqual(names, ["copy/fp64", "peak_fma/fp32"])

    def test_a_bundle_over_its_limit_is_refused(self):
        with TempDir() as small:
            result = bundle(small, "--max-mib", "0")
            self.assertEqual(result.returncode, 1, result.stdout)
            self.assertRegex(result.stderr, r"over the 0\.0 MiB that may travel \(largest: ")

    def test_bad_usage_is_one_line_and_exit_2(self):
        result = subprocess.run([SCRIPT, "--build-dir", "/nonexistent"], capture_output=True,
                                text=True, timeout=60)
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertEqual(len(result.stderr.splitlines()), 1, result.stderr)
        self.assertIn("no ridgeline binary in '/nonexistent'", result.stderr)


if __name__ == "__main__":
    unittest.main()
