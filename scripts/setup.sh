#!/usr/bin/env bash
# Installs what ridgeline needs to build and test on Debian 12, only what is missing
# (safe to run again). --hip also installs Debian's HIP compiler (ROCm 5.2). --browser
# also installs Chromium for tests/cli/test_roofline_browser.py (skipped without it): a
# 122 MB download, 414 MB installed, so not by default.
set -euo pipefail

packages=(cmake g++ make git python3 libbenchmark-dev libfmt-dev nlohmann-json3-dev
          libcli11-dev libgtest-dev libgmock-dev clang-format
          clang-14 libclang-rt-14-dev libomp-14-dev)  # the last three: scripts/fuzz.sh
for arg in "$@"; do
  case "$arg" in
    --hip) packages+=(hipcc libamdhip64-dev) ;;
    --browser) packages+=(chromium) ;;
    *) echo "setup.sh: unknown option '$arg' (known: --hip, --browser)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup.sh: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# cuobjdump (and the nvdisasm it calls) for scripts/check_sass.py, the test that the
# matrix kernels compiled to tensor-core instructions. A CUDA toolkit installed from
# PyPI wheels lacks them; NVIDIA publishes them as wheels too. Without them that one
# test is skipped (exit 77), so a failed install is a warning, not an error.
if [ -x /usr/local/cuda/bin/nvcc ] && ! command -v cuobjdump >/dev/null &&
   [ ! -x /usr/local/cuda/bin/cuobjdump ] &&
   ! python3 -c "import sys, sysconfig, os; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()['purelib'], 'nvidia/cu13/bin/cuobjdump')))" 2>/dev/null; then
  echo "setup.sh: installing cuobjdump and nvdisasm (pip wheels) for the SASS check"
  python3 -m pip install --quiet nvidia-cuda-cuobjdump==13.2.86 nvidia-cuda-nvdisasm==13.2.86 ||
    echo "setup.sh: warning: no cuobjdump; the SASS check (ctest -L sass) will be skipped" >&2
fi
