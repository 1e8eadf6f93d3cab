"""The GPU backends as run-time plugins (src/backends/plugin_abi.hpp): without them, or
with a broken one, every command still runs and `ridgeline devices` says why once; with
them the plugin loads into the real binary. And the CPU's SIMD level chosen at run time
can be named (RIDGELINE_CPU_SIMD), or is refused in one line with exit 2."""
import json
import os
import shutil
import subprocess
import unittest

from cli_support import BIN, SMALL, TempDir, load

PLUGINS = os.path.join(os.path.dirname(os.path.abspath(BIN)), "plugins")


def run(*args, env=None):
    full = dict(os.environ)
    full.update(env or {})
    return subprocess.run([BIN, *args], capture_output=True, text=True, timeout=240, env=full)


def built(backend):
    return os.path.isfile(os.path.join(PLUGINS, f"libridgeline_{backend}.so"))


class WithoutPlugins(unittest.TestCase):
    def test_every_command_runs_and_devices_says_why(self):
        with TempDir() as empty:
            env = {"RIDGELINE_PLUGIN_DIR": empty}
            result = run("devices", env=env)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertIn("cpu:0", result.stdout)
            for backend in ("cuda", "hip"):
                if not built(backend):
                    continue
                line = next(l for l in result.stdout.splitlines()
                            if l.startswith(f"no {backend.upper()} device: "))
                self.assertEqual(line, f"no {backend.upper()} device: the {backend.upper()} plugin "
                                       f"is not installed (no {empty}/libridgeline_{backend}.so; "
                                       f"RIDGELINE_PLUGIN_DIR names another folder)")
            self.assertTrue(run("--version", env=env).stdout.rstrip().endswith("backends: cpu)"))
            out = os.path.join(empty, "r.json")
            result = run("run", "--device", "auto", "--suite", "quick", "--filter", "^copy/fp64",
                         *SMALL, "--out", out, env=env)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(load(out)["ridgeline"]["device"]["backend"], "cpu")

    @unittest.skipUnless(built("cuda"), "this build made no CUDA plugin")
    def test_an_explicit_device_without_its_plugin_is_a_usage_error(self):
        with TempDir() as empty:
            result = run("run", "--device", "cuda:0", *SMALL, env={"RIDGELINE_PLUGIN_DIR": empty})
            self.assertEqual(result.returncode, 2, result.stderr)
            self.assertEqual(len(result.stderr.splitlines()), 1, result.stderr)
            self.assertTrue(result.stderr.startswith(
                "ridgeline: error: no CUDA device: the CUDA plugin is not installed"), result.stderr)

    def test_a_broken_plugin_is_reported_not_fatal(self):
        with TempDir() as tmp:
            # Not an ELF file, and a shared object that is no plugin (libstdc++'s soname).
            with open(os.path.join(tmp, "libridgeline_cuda.so"), "w") as f:
                f.write("not a shared object\n")
            libstdcxx = subprocess.run(["g++", "-print-file-name=libstdc++.so.6"],
                                       capture_output=True, text=True).stdout.strip()
            if not os.path.isfile(libstdcxx):
                self.skipTest("no libstdc++.so.6 to plant")
            shutil.copy(libstdcxx, os.path.join(tmp, "libridgeline_hip.so"))
            result = run("devices", env={"RIDGELINE_PLUGIN_DIR": tmp})
            self.assertEqual(result.returncode, 0, result.stderr)
            lines = result.stdout.splitlines()
            if built("cuda"):
                line = next(l for l in lines if l.startswith("no CUDA device: "))
                self.assertIn(f"the CUDA plugin ({tmp}/libridgeline_cuda.so) cannot be loaded: ",
                              line)
            if built("hip"):
                line = next(l for l in lines if l.startswith("no HIP device: "))
                self.assertTrue(line.endswith(f"the HIP plugin ({tmp}/libridgeline_hip.so) has no "
                                              f"ridgeline_backend_plugin()"), line)


class WithPlugins(unittest.TestCase):
    @unittest.skipUnless(built("cuda"), "this build made no CUDA plugin")
    def test_the_cuda_plugin_loads_into_the_binary(self):
        result = run("devices")
        self.assertIn("cuda", run("--version").stdout.split("backends:")[-1])
        line = next((l for l in result.stdout.splitlines() if l.startswith("no CUDA device: ")),
                    None)
        if line is not None:  # no GPU here: the runtime's reason, so the plugin did load
            self.assertIn("cudaGetDeviceCount", line)
        else:
            self.assertIn("cuda:0", result.stdout)

    @unittest.skipUnless(built("hip"), "this build made no HIP plugin")
    def test_the_hip_plugin_loads_into_the_binary(self):
        result = run("devices")
        line = next((l for l in result.stdout.splitlines() if l.startswith("no HIP device: ")),
                    None)
        if line is not None:
            self.assertIn("hipGetDeviceCount", line)


class CpuSimdLevel(unittest.TestCase):
    def test_an_unknown_level_is_one_line_and_exit_2(self):
        env = {"RIDGELINE_CPU_SIMD": "avx1024"}
        result = run("run", "--device", "cpu", *SMALL, env=env)
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertEqual(len(result.stderr.splitlines()), 1, result.stderr)
        self.assertRegex(result.stderr, r"^ridgeline: error: no CPU device: RIDGELINE_CPU_SIMD="
                                        r"avx1024: not a variant of this build \(.+\)")
        self.assertIn("no CPU device: RIDGELINE_CPU_SIMD=avx1024", run("devices", env=env).stdout)

    def test_a_named_level_runs_and_is_recorded(self):
        with TempDir() as tmp:
            out = os.path.join(tmp, "r.json")
            result = run("run", "--device", "cpu", "--filter", "^peak_fma/fp32$", *SMALL,
                         "--out", out, env={"RIDGELINE_CPU_SIMD": "x86-64-v3"})
            if "lacks x86-64-v3" in result.stderr or "not a variant" in result.stderr:
                self.skipTest(result.stderr.strip())
            self.assertEqual(result.returncode, 0, result.stderr)
            doc = load(out)
            record = next(b for b in doc["ridgeline"]["benchmarks"] if b["name"] == "peak_fma/fp32")
            self.assertEqual(record["params"]["simd_variant"], "x86-64-v3")
            self.assertEqual(record["params"]["simd"], "avx2")
            self.assertEqual(doc["ridgeline"]["device"]["extra"]["compute_simd"],
                             "x86-64-v3 (avx2)")


if __name__ == "__main__":
    unittest.main()
