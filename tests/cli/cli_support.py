"""Shared helpers for the command-line tests: run the real binary, load result files."""
import json
import os
import subprocess
import tempfile

BIN = os.environ.get("RIDGELINE_BIN", os.path.join(os.path.dirname(__file__), "../../build/ridgeline"))
# Small arrays keep CLI tests fast; the bandwidth they show is the cache's, not DRAM's.
SMALL = ["--size", "2M", "--repetitions", "2"]


def ridgeline(*args, cwd=None, timeout=240):
    return subprocess.run([BIN, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout)


def load(path):
    with open(path) as f:
        return json.load(f)


class TempDir:
    def __enter__(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="ridgeline-cli-")
        return self._tmp.name

    def __exit__(self, *exc):
        self._tmp.cleanup()


def build_cache_value(name):
    """A CMakeCache.txt entry of the build BIN sits in, or None (no cache, no entry)."""
    path = os.path.join(os.path.dirname(os.path.abspath(BIN)), "CMakeCache.txt")
    if not os.path.isfile(path):
        return None
    with open(path) as f:
        for line in f:
            if line.startswith(name + ":"):
                return line.rstrip("\n").split("=", 1)[1]
    return None


# Scripts that ship or run a release build (bundle.sh, device_check.sh) are tested once,
# in the Release build: a sanitizer build's binary is not what travels, and CI's time is
# short.
SANITIZER_BUILD = bool(build_cache_value("RIDGELINE_SANITIZE"))


def mpi_launched_env():
    """Environment for ridgeline processes started by mpirun or srun --mpi=pmix. In the
    ASan build leak checking is off for them: Open MPI and PMIx unload their components
    before LeakSanitizer reports, so what those keep until exit shows as "<unknown module>",
    which no suppression by library name matches. Address and undefined-behaviour errors
    are still fatal there, and every test that runs ridgeline without a launcher still
    checks leaks."""
    asan = os.environ.get("ASAN_OPTIONS", "")
    return {"ASAN_OPTIONS": asan.replace("detect_leaks=1", "detect_leaks=0")} if asan else {}
