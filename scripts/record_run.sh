#!/usr/bin/env bash
# Runs `ridgeline run` and keeps what a published result needs beside it:
#   results/<device>/<device>-<UTC stamp>.json              the result file
#   results/<device>/<device>-<UTC stamp>.console.log       everything the run printed
#   results/<device>/<device>-<UTC stamp>.device-state.txt  nvidia-smi -q / rocm-smi / lscpu
# Arguments go to `ridgeline run` (e.g. --device cuda:0 --suite full). Exit code: ridgeline's.
set -uo pipefail
cd "$(dirname "$0")/.."
bin="${RIDGELINE_BIN:-./build/ridgeline}"
[ -x "$bin" ] || { echo "record_run.sh: $bin not found: build first (scripts/run.sh or cmake --build --preset default)" >&2; exit 2; }
for arg in "$@"; do
  case "$arg" in --out|--out=*) echo "record_run.sh: --out is chosen by this script" >&2; exit 2 ;; esac
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin" run --out "$work/run.json" "$@" 2>&1 | tee "$work/console.log"
status=${PIPESTATUS[0]}
[ -s "$work/run.json" ] || { echo "record_run.sh: no result file was written" >&2; exit "$status"; }

read -r backend slug < <(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["ridgeline"]["device"]
import re
name = re.sub(r"\((r|tm)\)", "", d["name"].lower())  # as DeviceInfo::slug() does
slug = re.sub(r"[^a-z0-9]+", "-", d["backend"] + "-" + name).strip("-")
print(d["backend"], slug)' "$work/run.json")

{
  echo "# device state at $(date -u +%FT%TZ) on $(hostname)"
  case "$backend" in
    cuda) nvidia-smi -q 2>&1 || echo "nvidia-smi not available" ;;
    hip) (rocm-smi --showall || amd-smi static) 2>&1 || echo "rocm-smi / amd-smi not available" ;;
  esac
  echo; echo "## uname -a"; uname -a
  echo; echo "## lscpu"; lscpu 2>&1
  echo; echo "## /proc/meminfo (head)"; head -5 /proc/meminfo
  echo; echo "## cpufreq governor"; cat /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor 2>/dev/null || echo "not exposed"
  echo; echo "## transparent huge pages"; cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || echo "not exposed"
} > "$work/device-state.txt"

stem="$slug-$(date -u +%Y%m%dT%H%M%SZ)"
dir="results/$slug"
mkdir -p "$dir"
mv "$work/run.json" "$dir/$stem.json"
mv "$work/console.log" "$dir/$stem.console.log"
mv "$work/device-state.txt" "$dir/$stem.device-state.txt"
echo "record_run.sh: kept $dir/$stem.{json,console.log,device-state.txt}"
exit "$status"
