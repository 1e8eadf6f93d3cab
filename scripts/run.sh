#!/usr/bin/env bash
# README command 1: set up, build, and run ridgeline on the best device present.
# Extra arguments go to `ridgeline run` (e.g. --suite quick, --device cuda:0).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset default >/dev/null
cmake --build --preset default -j"$(nproc)" --target ridgeline
exec ./build/ridgeline run "$@"
