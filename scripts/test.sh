#!/usr/bin/env bash
# README command 2: set up, build, and run every test, in the Release build and
# under AddressSanitizer + UndefinedBehaviorSanitizer, then the fuzz targets for
# 10 s each. This is what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
jobs="$(nproc)"
for preset in default asan; do
  echo "== ${preset}: configure, build, test"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j"$jobs"
  ctest --preset "$preset" -j"$jobs"
done
echo "== fuzz: libFuzzer targets, 10 s each"
scripts/fuzz.sh 10
