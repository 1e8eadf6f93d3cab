#!/usr/bin/env bash
# Installs what ridgeline needs to build and test on Debian 12, only what is missing
# (safe to run again). --hip also installs Debian's HIP compiler (ROCm 5.2).
set -euo pipefail

packages=(cmake g++ make git python3 libbenchmark-dev libfmt-dev nlohmann-json3-dev
          libcli11-dev libgtest-dev libgmock-dev clang-format
          clang-14 libclang-rt-14-dev libomp-14-dev)  # the last three: scripts/fuzz.sh
for arg in "$@"; do
  case "$arg" in
    --hip) packages+=(hipcc libamdhip64-dev) ;;
    *) echo "setup.sh: unknown option '$arg' (known: --hip)" >&2; exit 2 ;;
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
