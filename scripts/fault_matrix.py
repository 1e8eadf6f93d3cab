#!/usr/bin/env python3
"""Drives the real ridgeline binary through every fault x kernel family and prints the
outcome as a markdown table (the README's Reliability section holds its output).

Faults come from the RIDGELINE_FAULT test hook (allocation failure, failed launch, wrong
result, lost device, hang past --time-limit, a hang the backend can abort) and from
signals sent at a random point inside the family's first benchmark. Each row checks:
the result file is valid JSON, every benchmark finished before the fault is still in it,
the faulted benchmark's status and reason, and the exit code. Exit status 1 if any row
fails.

usage: scripts/fault_matrix.py [--binary build/ridgeline] [--seed N] [--update-readme]
"""
import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Two benchmarks of every family, in run order: about a second per run.
FILTER = r"^(copy|triad)/|^peak_fma/fp(64|32)$|^intensity/fp64/ai:(1|8)$"
ORDER = ["copy/fp64", "triad/fp64", "peak_fma/fp64", "peak_fma/fp32",
         "intensity/fp64/ai:1", "intensity/fp64/ai:8"]
# The fault hits the second benchmark of each family, so one finished before it.
FAMILIES = {"memory": "triad/fp64", "compute": "peak_fma/fp32", "intensity": "intensity/fp64/ai:1"}
HOOK_TARGET = {"triad/fp64": "triad", "peak_fma/fp32": "peak_fma/fp32",
               "intensity/fp64/ai:1": "intensity"}
# Only for the hang rows: long enough that no healthy benchmark reaches it on a busy machine.
TIME_LIMIT = "1.5"

# fault -> (expected exit code, expected status of the faulted benchmark, reason pattern,
#           expected run status, does the run go on past the fault)
EXPECTED = {
    "alloc": (1, "skipped", r"^cannot allocate", "complete", True),
    "launch": (1, "failed", r"^kernel launch failed", "complete", True),
    "wrong": (1, "failed", r"^verification failed", "complete", True),
    "lost": (1, "failed", r"^device lost", "complete", True),
    "hang": (124, "failed", r"^timed out after " + TIME_LIMIT + " s$", "incomplete", False),
    "abortable-hang": (1, "failed", r"^timed out after " + TIME_LIMIT + " s", "complete", True),
    "SIGINT": (130, None, None, "interrupted", False),
    "SIGTERM": (143, None, None, "interrupted", False),
    "SIGKILL": (-signal.SIGKILL, None, None, "incomplete", False),
}


def read_file(path):
    """(document, None) or (None, why it is not a valid result file)."""
    try:
        with open(path) as f:
            doc = json.load(f)
        doc["ridgeline"]["benchmarks"], doc["benchmarks"], doc["context"]
        return doc, None
    except FileNotFoundError:
        return None, "missing"
    except (ValueError, KeyError, TypeError) as e:
        return None, f"invalid ({e})"


def finished_names(path):
    doc, _ = read_file(path)
    return [b["name"] for b in doc["ridgeline"]["benchmarks"]] if doc else []


def run_case(binary, tmp, fault, family, rng):
    out = os.path.join(tmp, f"{fault}-{family}.json")
    target = FAMILIES[family]
    cmd = [binary, "run", "--suite", "quick", "--size", "2M", "--repetitions", "2",
           "--filter", FILTER, "--out", out]
    if "hang" in fault:
        cmd += ["--time-limit", TIME_LIMIT]
    env = dict(os.environ)
    env.pop("RIDGELINE_FAULT", None)
    if fault.startswith("SIG"):
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        # Wait until the family's first benchmark is under way, then a random moment more.
        index = ORDER.index(target)
        deadline = time.time() + 60
        while len(finished_names(out)) < index and proc.poll() is None and time.time() < deadline:
            time.sleep(0.005)
        time.sleep(rng.uniform(0, 0.03))
        before = finished_names(out)
        proc.send_signal(getattr(signal, fault))
        _, stderr = proc.communicate(timeout=60)
        code = proc.returncode
    else:
        env["RIDGELINE_FAULT"] = f"{fault}:{HOOK_TARGET[target]}"
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
        code, stderr = proc.returncode, proc.stderr
        before = ORDER[:ORDER.index(target)]
    return out, before, code, stderr


def judge(fault, family, out, before, code, stderr):
    want_code, want_status, want_reason, want_run, goes_on = EXPECTED[fault]
    target = FAMILIES[family]
    problems = []
    doc, why = read_file(out)
    if doc is None:
        return "no: " + why, "-", "-", code, [f"file {why}"]
    rl = doc["ridgeline"]
    by_name = {b["name"]: b for b in rl["benchmarks"]}
    kept = [n for n in before if n in by_name]
    if len(kept) != len(before):
        problems.append("lost a finished benchmark")
    if any(by_name[n]["status"] != "ok" for n in kept):
        problems.append("a benchmark before the fault is not ok")
    if {b["run_name"] for b in doc["benchmarks"]} - set(by_name):
        problems.append("gbench entries without a ridgeline record")
    if rl["run"]["status"] != want_run:
        problems.append(f"run status {rl['run']['status']}, expected {want_run}")
    if want_status:
        got = by_name.get(target)
        if got is None:
            faulted = "absent"
            problems.append("faulted benchmark absent")
        else:
            faulted = f"{got['status']}: {got.get('reason', '')}"
            if got["status"] != want_status or not re.search(want_reason, got.get("reason", "")):
                problems.append("wrong status or reason")
        if goes_on and [n for n in ORDER if n not in by_name]:
            problems.append("the run did not go on")
    else:
        faulted = f"run {rl['run']['status']}"
        if any(b["status"] != "ok" for b in rl["benchmarks"]):
            problems.append("a benchmark was recorded as not ok")
    if code != want_code:
        problems.append(f"exit {code}, expected {want_code}")
    faulted = faulted.replace(" (injected fault)", "").replace("|", "/")
    if len(faulted) > 60:
        faulted = faulted[:57] + "..."
    return "yes", f"{len(kept)}/{len(before)}", faulted, code, problems


def matrix(binary, seed):
    rng = random.Random(seed)
    rows, failures = [], 0
    with tempfile.TemporaryDirectory(prefix="ridgeline-faults-") as tmp:
        for fault in EXPECTED:
            for family in FAMILIES:
                out, before, code, stderr = run_case(binary, tmp, fault, family, rng)
                valid, kept, faulted, code, problems = judge(fault, family, out, before, code,
                                                             stderr)
                failures += bool(problems)
                verdict = "PASS" if not problems else "FAIL: " + "; ".join(problems)
                rows.append(f"| {fault} | {family} | {valid} | {kept} | {faulted} | {code} | "
                            f"{verdict} |")
                print(rows[-1], file=sys.stderr)
    header = ["| fault | family | file valid | finished kept | faulted benchmark | exit | result |",
              "|---|---|---|---|---|---|---|"]
    return "\n".join(header + rows), failures


def update_readme(table, seed):
    path = os.path.join(ROOT, "README.md")
    with open(path) as f:
        text = f.read()
    begin, end = "<!-- fault-matrix:begin -->", "<!-- fault-matrix:end -->"
    if begin not in text or end not in text:
        sys.exit(f"{path}: markers {begin} / {end} not found")
    body = (f"{begin}\n<!-- generated by scripts/fault_matrix.py --update-readme "
            f"(seed {seed}); do not edit by hand -->\n{table}\n{end}")
    text = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: body, text, flags=re.S)
    with open(path, "w") as f:
        f.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, "build", "ridgeline"))
    parser.add_argument("--seed", type=int, default=None, help="for the signal timing")
    parser.add_argument("--update-readme", action="store_true")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 16)
    print(f"fault matrix: {args.binary}, seed {seed}", file=sys.stderr)
    start = time.monotonic()
    table, failures = matrix(args.binary, seed)
    print(table)
    print(f"{failures} failing row(s) in {time.monotonic() - start:.0f} s", file=sys.stderr)
    if args.update_readme and not failures:
        update_readme(table, seed)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
