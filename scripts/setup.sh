#!/usr/bin/env bash
# Installs what ridgeline needs to build and test on Debian 12, only what is missing
# (safe to run again). --hip also installs Debian's HIP runtime and compilers: hipcc
# (ROCm 5.2, clang 15: gfx90a, gfx940), clang 19 (adds gfx942) and, where the archive
# has it (bookworm-security does), clang 22 (gfx90a, gfx942, gfx950); the build picks
# the one reaching the most targets (README, HIP backend). --browser also installs
# Chromium for tests/cli/test_roofline_browser.py (skipped without it): a 122 MB
# download, 414 MB installed, so not by default.
set -euo pipefail

# binutils: objdump, c++filt and ar for scripts/audit_machine_code.py (CPU objects, names).
# Open MPI (libopenmpi-dev builds the MPI plugin; openmpi-bin's mpirun runs the fleet
# tests), Slurm and munge: tests/cli/test_fleet_slurm.py starts a one-node cluster.
packages=(cmake g++ make git python3 binutils libfmt-dev nlohmann-json3-dev
          libcli11-dev libgtest-dev libgmock-dev clang-format
          openmpi-bin libopenmpi-dev slurm-wlm munge
          clang-14 libclang-rt-14-dev libomp-14-dev)  # the last three: the asan preset, scripts/fuzz.sh
optional=()  # installed when the archive has them
for arg in "$@"; do
  case "$arg" in
    # clang-tools-N: clang-offload-bundler; lld-N: the device linker; llvm-N: llvm-as
    # for the device libraries Debian's ROCm lacks (oclc_isa_version_942.bc, ...).
    --hip) packages+=(hipcc libamdhip64-dev clang-19 clang-tools-19 lld-19 llvm-19)
           optional+=(clang-22 clang-tools-22 lld-22 llvm-22) ;;
    --browser) packages+=(chromium) ;;
    *) echo "setup.sh: unknown option '$arg' (known: --hip, --browser)" >&2; exit 2 ;;
  esac
done

not_installed() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}
mapfile -t missing < <(not_installed "${packages[@]}")
mapfile -t missing_optional < <(not_installed "${optional[@]}")
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if ((${#missing[@]} + ${#missing_optional[@]})); then
  $sudo apt-get update -qq
fi
for p in "${missing_optional[@]}"; do
  if apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    missing+=("$p")
  else
    echo "setup.sh: $p is not in this system's archive; skipped"
  fi
done
if ((${#missing[@]})); then
  echo "setup.sh: installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# cuobjdump (and the nvdisasm it calls) for scripts/check_sass.py and
# scripts/audit_machine_code.py, which read the CUDA backend's SASS. A CUDA toolkit
# installed from PyPI wheels lacks them; NVIDIA publishes them as wheels too. Where a
# system Python refuses pip (Debian's PEP 668 marker) they go to the user's site-packages,
# where those scripts look as well. Without them those tests skip (exit 77), or fail under
# RIDGELINE_REQUIRE_AUDIT=1, as CI runs them (scripts/test.sh), so there setup fails here.
have_cuobjdump() {
  command -v cuobjdump >/dev/null || [ -x /usr/local/cuda/bin/cuobjdump ] ||
    python3 - <<'PY' 2>/dev/null
import os, site, sys, sysconfig
roots = [sysconfig.get_paths()["purelib"], site.getusersitepackages()]
sys.exit(not any(os.path.exists(os.path.join(r, "nvidia/cu13/bin/cuobjdump")) for r in roots))
PY
}
if [ -x /usr/local/cuda/bin/nvcc ] && ! have_cuobjdump; then
  echo "setup.sh: installing cuobjdump and nvdisasm (pip wheels) for the SASS checks"
  if ! python3 -m pip --version >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-pip
  fi
  wheels=(nvidia-cuda-cuobjdump==13.2.86 nvidia-cuda-nvdisasm==13.2.86)
  python3 -m pip install --quiet "${wheels[@]}" 2>/dev/null ||
    python3 -m pip install --quiet --user --break-system-packages "${wheels[@]}" || true
  if ! have_cuobjdump; then
    if [ "${RIDGELINE_REQUIRE_AUDIT:-0}" != 0 ]; then
      echo "setup.sh: no cuobjdump, which the machine-code checks need (RIDGELINE_REQUIRE_AUDIT)" >&2
      exit 1
    fi
    echo "setup.sh: warning: no cuobjdump; the SASS checks (ctest -L 'sass|audit') will be skipped" >&2
  fi
fi
