#!/usr/bin/env bash
# Runs every libFuzzer target for a fixed budget (default 20 s each) from its seed corpus
# in tests/fuzz/corpus/ and fails on any crash, leak or sanitizer report. Prints the
# executions per target. Builds the "fuzz" preset (clang-14) first.
#   scripts/fuzz.sh [SECONDS_PER_TARGET]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j"$(nproc)" --target fuzz_result_reader fuzz_cli_args

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"

# name binary corpus: the datasheet reader is the result reader fed datasheets.
targets=("result_reader fuzz_result_reader result_reader"
         "datasheet_reader fuzz_result_reader datasheet_reader"
         "cli_args fuzz_cli_args cli_args")
failed=0 total=0
for t in "${targets[@]}"; do
  read -r name binary corpus <<<"$t"
  mkdir -p "$work/$name"  # new inputs go here, the committed seeds stay as they are
  log="$work/$name.log"
  if build-fuzz/fuzz/"$binary" "$work/$name" "tests/fuzz/corpus/$corpus" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 -artifact_prefix="$work/$name-" >"$log" 2>&1 &&
     ! grep -qE "ERROR: (Address|Leak|UndefinedBehavior)Sanitizer|runtime error:" "$log"; then
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
    total=$((total + runs))
    echo "fuzz $name: ${runs} executions in ${seconds} s, no crash"
  else
    failed=1
    echo "fuzz $name: FAILED" >&2
    grep -E "ERROR|runtime error|SUMMARY|Test unit written" "$log" | head -20 >&2 || tail -30 "$log" >&2
    for a in "$work/$name"-*; do [ -e "$a" ] && cp "$a" "build-fuzz/" && echo "reproducer kept: build-fuzz/$(basename "$a")" >&2; done
  fi
done
echo "fuzz: ${total} executions in all"
exit "$failed"
