#!/usr/bin/env python3
"""Peer check for ridgeline's cuBLASLt GEMM: the same GEMM through PyTorch, timed the
way ridgeline times it, so the two TFLOP/s can be compared on one GPU. The target is
ridgeline within 3% of the better of the two PyTorch layouts.

What it runs: C = A x B with A M x K, printed for two layouts.
  linear  torch.nn.functional.linear(A, W), W = B^T stored N x K: cuBLAS(Lt)'s "TN"
          call, the layout ridgeline's gemm uses (src/backends/cuda/cublaslt_gemm.cpp).
  matmul  torch.matmul(A, B), B stored K x N: the "NN" call.
Timing, as ridgeline's harness does (bench/case_run.cpp): one warm-up call, one timed
call to size a sample, then --repetitions samples of back-to-back calls lasting at
least --min-sample-seconds each, bracketed by CUDA events; the median and the best
sample are printed as TFLOP/s (2 M N K flops per call). Inputs are random integers in
[-4, 4] without 0, as ridgeline's. Two differences remain and are stated here, not
hidden: ridgeline's events bracket only device time (its stream is held while the calls
are queued), and on shapes whose operands fit in twice the L2 ridgeline cycles through
copies of A, B and C (this script does not); at 8192^3 neither matters.

Usage on the GPU host (one GPU, nothing else running on it):
  python3 scripts/peer_torch_matmul.py                    # bf16 8192^3
  python3 scripts/peer_torch_matmul.py --squares          # bf16 1024..16384 squares
  python3 scripts/peer_torch_matmul.py --dtype fp16 --shape 4096,4096,4096
then
  build/ridgeline run --filter '^gemm/bf16/m:8192/n:8192/k:8192$' --out gemm.json
and compare the median rate ridgeline prints (GFLOP/s) with the "linear" median here.
Needs PyTorch with CUDA; prints the torch and CUDA versions with the results.
"""
import argparse
import statistics
import sys


def parse_shape(text):
    parts = text.split(",")
    if len(parts) != 3 or not all(p.isdigit() and int(p) > 0 for p in parts):
        raise argparse.ArgumentTypeError(f"--shape {text}: expected M,N,K (positive integers)")
    return tuple(int(p) for p in parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dtype", choices=["bf16", "fp16", "tf32"], default="bf16")
    parser.add_argument("--shape", type=parse_shape, action="append",
                        help="M,N,K (repeatable); default 8192,8192,8192")
    parser.add_argument("--squares", action="store_true",
                        help="the suite's squares: 1024, 2048, 4096, 8192, 16384")
    parser.add_argument("--repetitions", type=int, default=10)
    parser.add_argument("--min-sample-seconds", type=float, default=0.02)
    parser.add_argument("--device", type=int, default=0)
    args = parser.parse_args()
    if args.repetitions < 1 or args.min_sample_seconds <= 0:
        print("peer_torch_matmul: --repetitions >= 1 and --min-sample-seconds > 0", file=sys.stderr)
        return 2

    try:
        import torch
    except ImportError:
        print("peer_torch_matmul: PyTorch is not installed", file=sys.stderr)
        return 2
    if not torch.cuda.is_available():
        print("peer_torch_matmul: PyTorch sees no CUDA device", file=sys.stderr)
        return 2

    shapes = args.shape or []
    if args.squares:
        shapes += [(s, s, s) for s in (1024, 2048, 4096, 8192, 16384)]
    if not shapes:
        shapes = [(8192, 8192, 8192)]

    device = torch.device("cuda", args.device)
    torch.cuda.set_device(device)
    dtype = {"bf16": torch.bfloat16, "fp16": torch.float16, "tf32": torch.float32}[args.dtype]
    # tf32: fp32 tensors multiplied on the tensor cores, as CUBLAS_COMPUTE_32F_FAST_TF32.
    torch.backends.cuda.matmul.allow_tf32 = args.dtype == "tf32"
    # fp32 accumulation for fp16/bf16, as ridgeline's CUBLAS_COMPUTE_32F.
    for flag in ("allow_fp16_reduced_precision_reduction", "allow_bf16_reduced_precision_reduction"):
        try:
            setattr(torch.backends.cuda.matmul, flag, False)
        except AttributeError:  # older PyTorch: the flag does not exist, fp32 reduction
            pass

    props = torch.cuda.get_device_properties(device)
    blas = getattr(torch.backends.cuda, "preferred_blas_library", lambda: "default")()
    print(f"device: {props.name} (sm_{props.major}{props.minor}), torch {torch.__version__}, "
          f"CUDA {torch.version.cuda}, blas library {blas}")
    print(f"dtype {args.dtype}; {args.repetitions} samples of >= {args.min_sample_seconds} s each")
    print(f"{'layout':8} {'M':>6} {'N':>6} {'K':>6} {'calls':>6} {'median TFLOP/s':>15} "
          f"{'best TFLOP/s':>13}")

    generator = torch.Generator(device=device).manual_seed(0)

    def nonzero_small(rows, cols):
        # Integers in [-4, 4] without 0: exact in every format, never all zeros.
        values = torch.randint(1, 5, (rows, cols), device=device, generator=generator)
        signs = torch.randint(0, 2, (rows, cols), device=device, generator=generator) * 2 - 1
        return (values * signs).to(dtype)

    start = torch.cuda.Event(enable_timing=True)
    stop = torch.cuda.Event(enable_timing=True)

    def time_calls(call, calls):
        start.record()
        for _ in range(calls):
            call()
        stop.record()
        stop.synchronize()
        return start.elapsed_time(stop) * 1e-3

    for m, n, k in shapes:
        a = nonzero_small(m, k)
        w = nonzero_small(n, k)  # B^T, N x K, K contiguous
        b = w.t().contiguous()  # B, K x N, N contiguous
        flops = 2.0 * m * n * k
        layouts = {
            "linear": lambda: torch.nn.functional.linear(a, w),
            "matmul": lambda: torch.matmul(a, b),
        }
        for name, call in layouts.items():
            # Correctness first: the exact product of integer inputs, compared in fp64
            # on a few rows (the output is rounded to dtype, so allow its unit roundoff).
            rows = slice(0, min(m, 4))
            expected = a[rows].double() @ w.double().t()
            got = call()[rows].double()
            unit = {"bf16": 2.0**-8, "fp16": 2.0**-11, "tf32": 2.0**-24}[args.dtype]
            tolerance = unit * expected.abs() + 2.0**-23 * k**0.5 * (
                a[rows].double().abs() @ w.double().abs().t())
            if not bool(((got - expected).abs() <= tolerance).all()):
                print(f"peer_torch_matmul: {name} {m}x{n}x{k} gives a wrong product",
                      file=sys.stderr)
                return 1
            time_calls(call, 1)  # warm-up
            one = time_calls(call, 1)
            calls = max(1, int(-(-args.min_sample_seconds // one)))
            samples = [time_calls(call, calls) / calls for _ in range(args.repetitions)]
            median = flops / statistics.median(samples) / 1e12
            best = flops / min(samples) / 1e12
            print(f"{name:8} {m:6d} {n:6d} {k:6d} {calls:6d} {median:15.1f} {best:13.1f}")
        del a, w, b
        torch.cuda.empty_cache()
    return 0


if __name__ == "__main__":
    sys.exit(main())
