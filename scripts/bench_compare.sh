#!/usr/bin/env bash
# Benchmark (not a test): how long `ridgeline compare` takes on two result files of 500
# benchmarks x 50 repetitions each; the target is under 1 s. Generates the files with
# python3 into a temp dir, runs compare 5 times and prints each wall time and the median.
# Usage: scripts/bench_compare.sh [path/to/ridgeline]   (default: build/ridgeline)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-${RIDGELINE_BIN:-build/ridgeline}}"
[[ -x "$bin" ]] || { echo "bench_compare: no ridgeline binary at $bin (build it or pass its path)" >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

python3 - "$bin" "$tmp" <<'PY'
import json, math, os, random, statistics, subprocess, sys, time

binary, tmp = sys.argv[1], sys.argv[2]
BENCHMARKS, REPETITIONS = 500, 50
ARRAY = 1 << 27  # bytes per array; triad moves 3 of them per call


def result_file(seed, shift):
    rng = random.Random(seed)
    records, entries = [], []
    for i in range(BENCHMARKS):
        name = f"triad/fp64/case:{i}"
        scale = shift if i % 10 == 0 else 1.0  # every tenth benchmark moves
        median = 1e-3 * (1 + i % 37) * scale
        secs = [median * math.exp(rng.gauss(0, 0.02)) for _ in range(REPETITIONS)]
        records.append({"name": name, "family": "memory", "kernel": "triad", "dtype": "fp64",
                        "elements": ARRAY // 8, "array_bytes": ARRAY, "bytes_per_call": 3.0 * ARRAY,
                        "flops_per_call": ARRAY / 4, "unit": "GB/s", "params": {}, "status": "ok",
                        "reason": "", "verification": {"verdict": "pass"}, "calls_per_sample": 1,
                        "samples_seconds": secs, "samples_cpu_seconds": secs})
        for k, s in enumerate(secs):  # the Google Benchmark view of the same samples
            entries.append({"name": name, "family_index": i, "per_family_instance_index": 0,
                            "run_name": name, "run_type": "iteration", "repetitions": REPETITIONS,
                            "repetition_index": k, "threads": 1, "iterations": 1,
                            "real_time": s * 1e9, "cpu_time": s * 1e9, "time_unit": "ns",
                            "bytes_per_second": 3.0 * ARRAY / s})
    return {"context": {"date": "2024-05-01T09:00:00Z", "json_schema_version": 1},
            "benchmarks": entries,
            "ridgeline": {"schema_version": "1.0.0", "kind": "run",
                          "tool": {"version": "0.1.0"}, "host": {"hostname": "bench"},
                          "run": {"status": "complete", "started_utc": "2024-05-01T09:00:00Z",
                                  "suite": "synthetic", "repetitions": REPETITIONS},
                          "device": {"backend": "cpu", "name": "synthetic"},
                          "benchmarks": records}}


paths = []
for name, seed, shift in (("base.json", 1, 1.0), ("new.json", 2, 1.25)):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        json.dump(result_file(seed, shift), f)
    paths.append(path)
    print(f"{name}: {BENCHMARKS} benchmarks x {REPETITIONS} repetitions, {os.path.getsize(path)} bytes")

command = [binary, "compare", *paths]
check = subprocess.run(command, capture_output=True, text=True)
if check.returncode not in (0, 1):  # 1: it finds the shifted benchmarks, as it should
    sys.exit(f"bench_compare: compare failed ({check.returncode}): {check.stderr.strip()}")
print(check.stdout.splitlines()[-1])
times = []
for run in range(5):
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=False)
    times.append(time.perf_counter() - start)
    print(f"run {run + 1}: {times[-1]:.3f} s")
print(f"median of {len(times)}: {statistics.median(times):.3f} s (target: under 1 s)")
PY
