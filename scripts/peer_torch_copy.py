#!/usr/bin/env python3
"""Peer check for ridgeline's HBM copy: PyTorch's device-to-device copy (dst.copy_(src)),
timed as ridgeline's harness times (CUDA events around back-to-back calls after one
warm-up, --repetitions samples of at least --min-sample-seconds, median and best), and
counted as ridgeline counts copy: every byte read plus every byte written, 1e9 bytes per
GB. The arrays are as large as ridgeline's default (--bytes per array, 4 GiB), far past
the L2, so the copy streams from HBM.

  python3 scripts/peer_torch_copy.py            # 4 GiB per array
  python3 scripts/peer_torch_copy.py --bytes 1073741824

then compare its median GB/s with ridgeline's `copy/fp64` median on the same GPU.
Needs PyTorch with CUDA; prints the torch and CUDA versions with the result.
"""
import argparse
import statistics
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bytes", type=int, default=4 << 30, help="bytes per array")
    parser.add_argument("--repetitions", type=int, default=10)
    parser.add_argument("--min-sample-seconds", type=float, default=0.02)
    parser.add_argument("--device", type=int, default=0)
    args = parser.parse_args()
    if args.bytes < 1 << 20 or args.repetitions < 1 or args.min_sample_seconds <= 0:
        print("peer_torch_copy: --bytes >= 1 MiB, --repetitions >= 1, --min-sample-seconds > 0",
              file=sys.stderr)
        return 2
    try:
        import torch
    except ImportError:
        print("peer_torch_copy: PyTorch is not installed", file=sys.stderr)
        return 2
    if not torch.cuda.is_available():
        print("peer_torch_copy: PyTorch sees no CUDA device", file=sys.stderr)
        return 2

    device = torch.device("cuda", args.device)
    torch.cuda.set_device(device)
    elements = args.bytes // 8
    src = torch.arange(elements, device=device, dtype=torch.float64)
    dst = torch.full_like(src, -1.0)
    start = torch.cuda.Event(enable_timing=True)
    stop = torch.cuda.Event(enable_timing=True)

    def time_calls(calls):
        start.record()
        for _ in range(calls):
            dst.copy_(src)
        stop.record()
        stop.synchronize()
        return start.elapsed_time(stop) * 1e-3

    time_calls(1)  # warm-up
    if not torch.equal(dst, src):  # a copy that did not copy is no number
        print("peer_torch_copy: the copy is wrong", file=sys.stderr)
        return 1
    one = time_calls(1)
    calls = max(1, int(-(-args.min_sample_seconds // one)))
    samples = [time_calls(calls) / calls for _ in range(args.repetitions)]
    moved = 2.0 * elements * 8  # read + written
    props = torch.cuda.get_device_properties(device)
    print(f"device: {props.name} (sm_{props.major}{props.minor}), torch {torch.__version__}, "
          f"CUDA {torch.version.cuda}")
    print(f"copy fp64 {elements * 8} bytes per array, {calls} calls per sample, "
          f"{args.repetitions} samples: median {moved / statistics.median(samples) / 1e9:.1f} GB/s, "
          f"best {moved / min(samples) / 1e9:.1f} GB/s (bytes read + written)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
