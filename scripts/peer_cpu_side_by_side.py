#!/usr/bin/env python3
"""ridgeline's CPU reference beside its peers, in alternating rounds on one machine.

Each round runs, one after the other: ridgeline's peak_fma (fp32, fp64, int32) and, when
asked, the fp32 intensity sweep's memory-bound end; mixbench-cpu (ekondis/mixbench,
its full sweep); and, when given, BabelStream's OpenMP model at ridgeline's array size.
The peers are built by the user outside this repository (see benchmarks/notes/); this
script only runs them and reads what they print. Alternating rounds spread a shared
machine's noise over every tool alike.

Reported per round and summarised over rounds (median and best):
  - peak_fma median (ridgeline's headline) / mixbench-cpu's best GFLOPS (or GIOPS) of the
    same precision in that round, and ridgeline's best sample / mixbench's best;
  - the fp32 sweep's 1/8 flop/byte point against its 1/4 neighbour, both memory-bound:
    (GFLOP/s / flop-per-byte) gives the bytes/s each reached; the dip is 1 - ratio;
  - ridgeline copy/triad fp64 (median) / BabelStream Copy/Triad (its best, MB/s).

  scripts/peer_cpu_side_by_side.py --ridgeline build/ridgeline \\
      --mixbench /work/peers/mixbench/mixbench-cpu/build/mixbench-cpu \\
      [--babelstream /work/peers/BabelStream/build/omp-stream] [--rounds 5] [--json out.json]
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

PEAK = ["fp32", "fp64", "int32"]
# mixbench-cpu's CSV row: iterations, then per precision (fp32, fp64, int32) four columns:
# operations/byte, time (ms), GFLOPS (GIOPS), GB/s. The rate is its third.
MIXBENCH_FIRST_COLUMN = {"fp32": 1, "fp64": 5, "int32": 9}


def load_average():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def ridgeline_rates(binary, filter_regex, repetitions, extra=()):
    """{benchmark: (median rate, best sample rate, unit)} from a fresh ridgeline run."""
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "run.json")
        subprocess.run([binary, "run", "--filter", filter_regex, "--repetitions",
                        str(repetitions), "--quiet", "--out", out, *extra],
                       check=True, stdout=subprocess.DEVNULL)
        with open(out) as f:
            doc = json.load(f)["ridgeline"]
    rates = {}
    for b in doc["benchmarks"]:
        if b["status"] != "ok":
            raise SystemExit(f"ridgeline: {b['name']} {b['status']}: {b['reason']}")
        work = b["bytes_per_call"] if b["unit"] == "GB/s" else b["flops_per_call"]
        samples = [work / s / 1e9 for s in b["samples_seconds"]]
        rates[b["name"]] = (b["median_rate"], max(samples), b["unit"])
    return rates


def mixbench_best(binary):
    """{precision: best GFLOPS/GIOPS over its sweep}, as mixbench-cpu prints them."""
    text = subprocess.run([binary], check=True, capture_output=True, text=True).stdout
    best = {p: 0.0 for p in PEAK}
    for line in text.splitlines():
        fields = [x.strip() for x in line.split(",")]
        if len(fields) < 13 or not re.fullmatch(r"\d+", fields[0]):
            continue
        for p, first in MIXBENCH_FIRST_COLUMN.items():
            per_byte, _, rate, bandwidth = (float(x) for x in fields[first:first + 4])
            # A misread column (its time, say) would pass for a rate: the row must agree
            # with itself, rate = operations per byte x bytes per second.
            if abs(rate - per_byte * bandwidth) > 0.02 * rate + 0.05:
                raise SystemExit(f"mixbench-cpu row {fields[0]}: {p} {rate} G/s is not "
                                 f"{per_byte} per byte x {bandwidth} GB/s; its CSV layout "
                                 "is not the one this script reads")
            best[p] = max(best[p], rate)
    if not all(best.values()):
        raise SystemExit("mixbench-cpu printed no CSV rows this script can read")
    return best


def babelstream_best(binary, array_bytes):
    """{'copy': GB/s, 'triad': GB/s}: BabelStream's best (Max. MBytes/sec) in fp64."""
    elements = array_bytes // 8
    text = subprocess.run([binary, "-s", str(elements), "-n", "100"], check=True,
                          capture_output=True, text=True).stdout
    out = {}
    for line in text.splitlines():
        m = re.match(r"^(Copy|Triad)\s+([\d.]+)", line)
        if m:
            out[m.group(1).lower()] = float(m.group(2)) / 1000  # MB/s -> GB/s
    return out


def summary(values):
    return {"median": statistics.median(values), "best": max(values), "rounds": len(values)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ridgeline", required=True)
    ap.add_argument("--mixbench", required=True)
    ap.add_argument("--babelstream")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--repetitions", type=int, default=20)
    ap.add_argument("--array-bytes", type=int, default=128 << 20)
    ap.add_argument("--json", help="write every round's numbers here")
    a = ap.parse_args()

    rounds = []
    for r in range(a.rounds):
        round_ = {"load_avg_before": load_average()}
        started = time.time()
        rl = ridgeline_rates(a.ridgeline, "^peak_fma/(fp32|fp64|int32)$", a.repetitions)
        mb = mixbench_best(a.mixbench)
        for p in PEAK:
            median, best, _ = rl[f"peak_fma/{p}"]
            round_[p] = {"ridgeline_median": median, "ridgeline_best": best, "mixbench_best": mb[p],
                         "median_ratio": median / mb[p], "best_ratio": best / mb[p]}
        sweep = ridgeline_rates(a.ridgeline, r"^intensity/fp32/ai:(0\.125|0\.25)$", a.repetitions,
                                ["--size", str(a.array_bytes)])
        eighth = sweep["intensity/fp32/ai:0.125"][0] / 0.125  # bytes/s the point moved
        quarter = sweep["intensity/fp32/ai:0.25"][0] / 0.25
        round_["sweep_fp32"] = {"gflops_eighth": sweep["intensity/fp32/ai:0.125"][0],
                                "gflops_quarter": sweep["intensity/fp32/ai:0.25"][0],
                                "bandwidth_ratio": eighth / quarter}
        if a.babelstream:
            bs = babelstream_best(a.babelstream, a.array_bytes)
            mem = ridgeline_rates(a.ridgeline, "^(copy|triad)/fp64$", a.repetitions,
                                  ["--size", str(a.array_bytes)])
            round_["stream_fp64"] = {
                k: {"ridgeline_median": mem[f"{k}/fp64"][0], "ridgeline_best": mem[f"{k}/fp64"][1],
                    "babelstream_best": bs[k], "median_ratio": mem[f"{k}/fp64"][0] / bs[k],
                    "best_ratio": mem[f"{k}/fp64"][1] / bs[k]} for k in ("copy", "triad")}
        round_["seconds"] = time.time() - started
        rounds.append(round_)
        line = ", ".join(f"{p} {round_[p]['ridgeline_median']:.1f}/{round_[p]['mixbench_best']:.1f}"
                         f" = {round_[p]['median_ratio']:.3f}" for p in PEAK)
        print(f"round {r + 1}: load {round_['load_avg_before']:.2f}; peak_fma median / mixbench "
              f"best: {line}; fp32 1/8 vs 1/4 bytes/s {round_['sweep_fp32']['bandwidth_ratio']:.3f}",
              flush=True)

    report = {"rounds": rounds, "summary": {}}
    for p in PEAK:
        report["summary"][p] = {k: summary([x[p][k] for x in rounds])
                                for k in ("ridgeline_median", "ridgeline_best", "mixbench_best",
                                          "median_ratio", "best_ratio")}
        report["summary"][p]["best_to_best"] = (max(x[p]["ridgeline_best"] for x in rounds) /
                                                max(x[p]["mixbench_best"] for x in rounds))
    report["summary"]["sweep_fp32_bandwidth_ratio"] = summary(
        [x["sweep_fp32"]["bandwidth_ratio"] for x in rounds])
    if a.babelstream:
        for k in ("copy", "triad"):
            report["summary"][f"stream_{k}"] = {
                "median_ratio": summary([x["stream_fp64"][k]["median_ratio"] for x in rounds]),
                "best_to_best": max(x["stream_fp64"][k]["ridgeline_best"] for x in rounds) /
                max(x["stream_fp64"][k]["babelstream_best"] for x in rounds)}
    print(json.dumps(report["summary"], indent=2))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(report, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
