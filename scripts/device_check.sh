#!/usr/bin/env bash
# One call on a GPU host: everything a commit of results/<gpu>/ needs, every step
# time-boxed, at most 8 minutes of wall time in all (--budget), into at most 8 files
# under OUTDIR/<device>/, each under 16 MiB (what a locked-down host lets travel back).
#
#   scripts/device_check.sh [options] OUTDIR
#     --dry-run          the whole script on a machine without a GPU: --device cpu, small
#                        sizes, sanitizers and peers skipped with the reason (CI runs this)
#     --device DEV       cuda:0 (default), hip:0, cpu
#     --bundle TARBALL   unpack a scripts/bundle.sh tarball and check with what it carries
#     --bin PATH         the ridgeline binary (default: the bundle this script sits in,
#                        else build/ridgeline, else the portable preset is built here)
#     --babelstream DIR  BabelStream's source (default peers/BabelStream beside the binary,
#                        then in the checkout; an ignored folder, never committed)
#     --budget SECONDS   wall-time bound of the whole script (default 480)
#
# Steps, in order: device state (nvidia-smi -q, or rocm-smi/rocminfo, or lscpu); the GPU
# unit tests; a `--suite quick` smoke run (--time-limit 60) that stops the script when it
# fails; compute-sanitizer memcheck and racecheck over the GPU tests where the tool works;
# the default suite; the peers side by side (BabelStream's CUDA model built here from
# source, scripts/peer_torch_copy.py, scripts/peer_torch_matmul.py). Each step gets its
# own box, cut to what is left of the budget; a step that does not fit is skipped and
# says so. Written to OUTDIR/<device>/ (the slug results/ uses, as record_run.sh):
#   <device>-<stamp>.json               the default suite's result file
#   <device>-<stamp>.quick.json         the smoke run's result file
#   <device>-<stamp>.console.log        every step's output, in order
#   <device>-<stamp>.device-state.txt   nvidia-smi -q (rocm-smi, rocminfo; lscpu)
#   <device>-<stamp>.gpu-tests.log      unit tests and sanitizers
#   <device>-<stamp>.peers.log          BabelStream and PyTorch
#   <device>-<stamp>.summary.txt        one line per step: status, seconds, why
# Exit: 0 every step passed or was skipped with a reason, 1 a step failed (the summary
# names it), 2 bad usage.
set -uo pipefail

me=device_check
usage() {
  echo "$me: $1 (usage: scripts/device_check.sh [--dry-run] [--device DEV] [--bundle TARBALL] [--bin PATH] [--babelstream DIR] [--budget SECONDS] OUTDIR)" >&2
  exit 2
}

dry_run=0
device=""
bundle=""
bin="${RIDGELINE_BIN:-}"
babelstream=""
budget=480
outdir=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dry-run) dry_run=1; shift ;;
    --device|--bundle|--bin|--babelstream|--budget)
      [[ $# -ge 2 && -n "$2" ]] || usage "$1 needs a value"
      case "$1" in
        --device) device="$2" ;;
        --bundle) bundle="$2" ;;
        --bin) bin="$2" ;;
        --babelstream) babelstream="$2" ;;
        --budget) budget="$2" ;;
      esac
      shift 2 ;;
    -h|--help) sed -n '2,33p' "$0"; exit 0 ;;
    -*) usage "unknown option '$1'" ;;
    *) [[ -z "$outdir" ]] || usage "one OUTDIR only ('$outdir', then '$1')"; outdir="$1"; shift ;;
  esac
done
[[ -n "$outdir" ]] || usage "no OUTDIR"
[[ "$budget" =~ ^[0-9]+$ && "$budget" -ge 30 ]] || usage "--budget '$budget': expected whole seconds, at least 30"
[[ -z "$device" ]] && device=$([[ $dry_run == 1 ]] && echo cpu || echo cuda:0)
[[ "$device" =~ ^(cpu|cuda:[0-9]+|hip:[0-9]+)$ ]] || usage "--device '$device': expected cpu, cuda:N or hip:N"
[[ -z "$bundle" || -f "$bundle" ]] || usage "--bundle '$bundle': no such file"
mkdir -p "$outdir" 2>/dev/null || usage "OUTDIR '$outdir' cannot be created"
outdir="$(cd "$outdir" && pwd)"

script_dir="$(cd "$(dirname "$0")" && pwd)"
start=$SECONDS
deadline=$((start + budget))
reserve=10  # seconds kept for packing the files
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
console="$work/console.log"
tests_log="$work/gpu-tests.log"
peers_log="$work/peers.log"
summary="$work/summary.txt"
: >"$console"; : >"$tests_log"; : >"$peers_log"; : >"$summary"
failed=0
stopped=""  # why the remaining steps do not run

note() { echo "== $me: $*" | tee -a "$console"; }
record() {  # record STEP STATUS SECONDS WHY
  printf '%-22s %-6s %4ss  %s\n' "$1" "$2" "$3" "$4" >>"$summary"
  note "$1: $2 ($3 s)${4:+: $4}"
  [[ "$2" == FAIL ]] && failed=1
  return 0
}
skip() { record "$1" skip 0 "$2"; }

# step NAME BOX KEEP LOG CMD...: runs CMD under `timeout`, for at most BOX seconds and
# never into the KEEP seconds the later steps are promised (the default suite and the
# peers are why the script exists; a sanitizer or a slow test must not starve them).
# Output goes to the console log and to LOG ("-": the console log only; "quiet:FILE":
# FILE only). A timeout is a failure, or with CUT_OK=1 a step cut short (a sanitizer
# that found nothing in its box). Returns CMD's status (124: timed out).
step() {
  local name="$1" box="$2" keep="$3" log="$4"
  shift 4
  if [[ -n "$stopped" ]]; then skip "$name" "$stopped"; return 0; fi
  local left=$((deadline - SECONDS - reserve - keep))
  (( box > left )) && box=$left
  if (( box < 5 )); then skip "$name" "no time left in the ${budget} s budget"; return 0; fi
  note "$name (at most $box s): $*"
  local t0=$SECONDS rc
  case "$log" in
    -) timeout --kill-after=5 "$box" "$@" >>"$console" 2>&1; rc=$? ;;
    quiet:*) timeout --kill-after=5 "$box" "$@" >>"${log#quiet:}" 2>&1; rc=$? ;;
    *) timeout --kill-after=5 "$box" "$@" 2>&1 | tee -a "$console" >>"$log"; rc=${PIPESTATUS[0]} ;;
  esac
  local took=$((SECONDS - t0))
  if [[ $rc == 0 ]]; then
    record "$name" ok "$took" ""
  elif [[ ($rc == 124 || $rc == 137) && ${CUT_OK:-0} == 1 ]]; then
    record "$name" cut "$took" "stopped at its $box s box, nothing reported until then"
  elif [[ $rc == 124 || $rc == 137 ]]; then
    record "$name" FAIL "$took" "timed out after $box s"
  else
    record "$name" FAIL "$took" "exit $rc"
  fi
  return "$rc"
}

# Seconds promised to the steps after the smoke run: the default suite and the peers.
keep_default=120
keep_peers=180
keep_after_quick=$((keep_default + keep_peers))

# --- what to check with: an unpacked bundle, the bundle around this script, a build ---
if [[ -n "$bundle" ]]; then
  tar -C "$work" -xzf "$bundle" || usage "--bundle '$bundle': not a tarball bundle.sh made"
  root="$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'ridgeline-*' | head -1)"
  [[ -n "$root" && -x "$root/ridgeline" ]] || usage "--bundle '$bundle': no ridgeline-*/ridgeline in it"
  bin="$root/ridgeline"
elif [[ -z "$bin" && -x "$script_dir/../ridgeline" ]]; then
  bin="$script_dir/../ridgeline"  # this script inside an unpacked bundle
elif [[ -z "$bin" && -x "$script_dir/../build/ridgeline" ]]; then
  bin="$script_dir/../build/ridgeline"
elif [[ -z "$bin" ]]; then
  # No bundle, no build: build the portable preset here, inside the budget.
  step build 300 0 - bash -c "cd '$script_dir/..' && cmake --preset portable -DRIDGELINE_HIP=OFF >/dev/null && cmake --build --preset portable -j\"\$(nproc)\" --target ridgeline ridgeline_cuda_tests ridgeline_gpu_tests"
  bin="$script_dir/../build-portable/ridgeline"
fi
[[ -x "$bin" ]] || usage "no ridgeline binary at '$bin' (--bin PATH, --bundle TARBALL, or build first)"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
bin_dir="$(dirname "$bin")"
tests_dir="$bin_dir/tests"
if [[ -z "$babelstream" ]]; then
  for candidate in "$bin_dir/peers/BabelStream" "$script_dir/../peers/BabelStream"; do
    [[ -d "$candidate" ]] && { babelstream="$candidate"; break; }
  done
fi

# Sizes: the suites' own on a GPU; a dry run keeps CI's time small.
run_sizes=()
[[ $dry_run == 1 ]] && run_sizes=(--size 2M --repetitions 2)
vendor=${device%%:*}
gpu_index=${device#*:}
note "ridgeline $("$bin" --version 2>&1 | head -1); device $device; budget ${budget} s$([[ $dry_run == 1 ]] && echo '; dry run')"

# --- 1. device state ---------------------------------------------------------------
state="$work/device-state.txt"
{
  echo "# device state at $(date -u +%FT%TZ) on $(hostname)"
  echo "# $("$bin" --version 2>&1 | head -1)"
  "$bin" devices 2>&1
} >"$state"
case "$vendor" in
  cuda)
    if command -v nvidia-smi >/dev/null; then
      step device_state 30 "$keep_after_quick" "quiet:$state" nvidia-smi -q -i "$gpu_index"
    else
      record device_state FAIL 0 "no nvidia-smi on the PATH (is this a GPU host?)"
    fi ;;
  hip)
    if command -v rocm-smi >/dev/null; then
      step device_state 30 "$keep_after_quick" "quiet:$state" bash -c "rocm-smi --showall; command -v rocminfo >/dev/null && rocminfo"
    else
      record device_state FAIL 0 "no rocm-smi on the PATH (is this a GPU host?)"
    fi ;;
  cpu)
    step device_state 30 "$keep_after_quick" "quiet:$state" bash -c "lscpu; head -5 /proc/meminfo" ;;
esac

# --- 2. GPU unit tests ---------------------------------------------------------------
gpu_tests=()
for t in ridgeline_gpu_tests ridgeline_cuda_tests ridgeline_hip_tests; do
  [[ -x "$tests_dir/$t" ]] && gpu_tests+=("$tests_dir/$t")
done
if [[ ${#gpu_tests[@]} == 0 ]]; then
  record gpu_tests FAIL 0 "no GPU test binary in $tests_dir"
else
  for t in "${gpu_tests[@]}"; do
    step "$(basename "$t")" 60 $((keep_after_quick + 60)) "$tests_log" "$t" --gtest_brief=1
  done
fi

# --- 3. quick smoke run: stops the script when it fails ------------------------------
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
quick_json="$work/quick.json"
if ! step quick_suite 90 "$keep_after_quick" - "$bin" run --device "$device" --suite quick --time-limit 60 \
    "${run_sizes[@]}" --out "$quick_json"; then
  stopped="stopped: the quick smoke run failed"
fi

# --- 4. compute-sanitizer over the GPU tests -----------------------------------------
for tool in memcheck racecheck; do
  if [[ $dry_run == 1 || $vendor != cuda ]]; then
    skip "sanitizer_$tool" "$([[ $dry_run == 1 ]] && echo 'dry run' || echo "$vendor"): compute-sanitizer needs a CUDA GPU"
  elif ! command -v compute-sanitizer >/dev/null; then
    skip "sanitizer_$tool" "no compute-sanitizer on the PATH"
  elif [[ ! -x "$tests_dir/ridgeline_cuda_tests" ]]; then
    skip "sanitizer_$tool" "no ridgeline_cuda_tests to run it over"
  else
    # The sanitizer serialises launches (the harness then times unheld, and says so);
    # the tests' own checks still run. "Device not supported" (gVisor) is a skip.
    CUT_OK=1 step "sanitizer_$tool" 60 "$keep_after_quick" "$tests_log" compute-sanitizer --tool "$tool" --error-exitcode 3 \
      "$tests_dir/ridgeline_cuda_tests" --gtest_brief=1
    rc=$?
    if [[ $rc != 0 ]] && tail -50 "$tests_log" | grep -q "Device not supported"; then
      sed -i '$d' "$summary"
      failed=0
      grep -q ' FAIL ' "$summary" && failed=1
      skip "sanitizer_$tool" "compute-sanitizer does not support this device here (Device not supported)"
    fi
  fi
done

# --- 5. the default suite ------------------------------------------------------------
result_json="$work/default.json"
step default_suite 200 "$keep_peers" - "$bin" run --device "$device" "${run_sizes[@]}" --out "$result_json"

# --- 6. peers, side by side ----------------------------------------------------------
if [[ $dry_run == 1 || $vendor != cuda ]]; then
  why="$([[ $dry_run == 1 ]] && echo 'dry run' || echo "$vendor"): the peers measure a CUDA GPU"
  skip babelstream_cuda "$why"
  skip peer_torch_copy "$why"
  skip peer_torch_matmul "$why"
else
  if [[ -z "$babelstream" || ! -f "$babelstream/src/main.cpp" ]]; then
    skip babelstream_cuda "no BabelStream source (--babelstream DIR, or carry peers/BabelStream)"
  elif ! command -v nvcc >/dev/null; then
    skip babelstream_cuda "no nvcc on the PATH to build BabelStream's CUDA model"
  else
    # BabelStream's own CMake build of its CUDA model, for this GPU's architecture; the
    # arrays as large as ridgeline's default (2^29 doubles, 4 GiB each, far past the L2).
    arch="sm_$(nvidia-smi -i "$gpu_index" --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | tr -d ' .')"
    step babelstream_cuda 90 90 "$peers_log" bash -c "
      set -e
      cmake -S '$babelstream' -B '$work/babelstream' -DMODEL=cuda -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_CUDA_COMPILER=\"\$(command -v nvcc)\" -DCUDA_ARCH=$arch >/dev/null
      cmake --build '$work/babelstream' -j\"\$(nproc)\" >/dev/null
      '$work/babelstream/cuda-stream' --device $gpu_index --arraysize 536870912 --numtimes 50"
  fi
  for peer in peer_torch_copy peer_torch_matmul; do
    if ! python3 -c 'import torch; assert torch.cuda.is_available()' 2>/dev/null; then
      skip "$peer" "python3 has no PyTorch with CUDA"
    else
      step "$peer" 60 $([[ $peer == peer_torch_copy ]] && echo 60 || echo 0) "$peers_log" env CUDA_VISIBLE_DEVICES="$gpu_index" python3 "$script_dir/$peer.py"
    fi
  done
fi

# --- pack: OUTDIR/<device>/<device>-<stamp>.* ----------------------------------------
slug=""
for json in "$result_json" "$quick_json"; do
  [[ -s "$json" ]] || continue
  slug="$(python3 -c '
import json, re, sys
d = json.load(open(sys.argv[1]))["ridgeline"]["device"]
name = re.sub(r"\((r|tm)\)", "", d["name"].lower())  # as DeviceInfo::slug() does
print(re.sub(r"[^a-z0-9]+", "-", d["backend"] + "-" + name).strip("-"))' "$json" 2>/dev/null)" && break
done
[[ -n "$slug" ]] || slug="$vendor-unknown-device"
dest="$outdir/$slug"
mkdir -p "$dest"
base="$dest/$slug-$stamp"
limit=$((16 * 1024 * 1024 - 4096))
pack() {  # pack SOURCE TARGET: a file over the limit keeps its head and tail
  [[ -s "$1" ]] || return 0
  if (( $(stat -c %s "$1") > limit )); then
    { head -c $((limit / 2)) "$1"; printf '\n[... %s: cut to stay under 16 MiB ...]\n' "$me"
      tail -c $((limit / 2 - 200)) "$1"; } >"$2"
  else
    cp "$1" "$2"
  fi
}
pack "$result_json" "$base.json"
pack "$quick_json" "$base.quick.json"
pack "$state" "$base.device-state.txt"
pack "$tests_log" "$base.gpu-tests.log"
pack "$peers_log" "$base.peers.log"
note "done in $((SECONDS - start)) s of ${budget} s; $(grep -c ' FAIL ' "$summary") failed, $(grep -c ' skip ' "$summary") skipped"
{
  echo "# $me $(date -u +%FT%TZ): $("$bin" --version 2>&1 | head -1), device $device$([[ $dry_run == 1 ]] && echo ', dry run')"
  echo "# step                 status  time  why"
  cat "$summary"
  echo "# $((SECONDS - start)) s of the ${budget} s budget"
} >"$base.summary.txt"
pack "$console" "$base.console.log"
cat "$base.summary.txt"
echo "$me: wrote $(find "$dest" -maxdepth 1 -type f -name "$slug-$stamp*" | wc -l) files to $dest"
exit "$failed"
