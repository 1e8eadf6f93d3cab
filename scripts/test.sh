#!/usr/bin/env bash
# README command 2: set up, build, and run every test, in the Release build and
# under AddressSanitizer + UndefinedBehaviorSanitizer with clang-14 (less the checks of
# machine code, formatting and linkage, which the Release build has run, and the fleet
# verdicts that hang on timing). This is what CI runs. The
# libFuzzer targets (scripts/fuzz.sh) are a third build of the project, run by hand: in CI
# they would push it past its 20 minutes. --hip: Debian's HIP runtime and compilers, so the
# default build also compiles the HIP backend (with clang 22 for gfx90a, gfx942 and
# gfx950, else clang 19 or hipcc; warnings as errors); the sanitizer build stays CPU-only.
# RIDGELINE_REQUIRE_AUDIT=1: the machine-code checks (check_sass.py, check_mfma.py,
# audit_machine_code.py) fail where a disassembler is missing instead of skipping.
set -euo pipefail
cd "$(dirname "$0")/.."
# CI never skips a machine-code check: a missing disassembler fails setup and the tests.
export RIDGELINE_REQUIRE_AUDIT=1
# --browser: Chromium for the roofline page test (tests/cli/test_roofline_browser.py),
# which must then run, not skip.
scripts/setup.sh --hip --browser
export RIDGELINE_REQUIRE_BROWSER=1
jobs="$(nproc)"
for preset in default asan; do
  echo "== ${preset}: configure, build, test"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j"$jobs"
  ctest --preset "$preset" -j"$jobs"
done
