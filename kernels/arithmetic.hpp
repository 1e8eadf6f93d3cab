// Compute-bound kernels: a register-resident multiply-add chain (peak throughput) and
// the arithmetic-intensity sweep (k multiply-adds per element loaded and stored).
// Both use fma_op, which rounds once on every target, so the host model reproduces a
// backend's output exactly.
#pragma once

#include "declaration.hpp"
#include "portability.hpp"

namespace ridgeline::kernels {

// The recurrence x <- x * kMul + kAdd has the fixed point 1 and contracts by only
// 2^-12 per step, so values stay in [1, 8], never denormal, and k steps leave a
// result that depends on k (skipped work changes the answer).
template <class T>
RL_INLINE T chain_multiplier() {
  return static_cast<T>(1.0 - 1.0 / 4096.0);
}
template <class T>
RL_INLINE T chain_addend() {
  return static_cast<T>(1.0 / 4096.0);
}
// Integers wrap instead of contracting; odd multiplier keeps every bit in play.
template <>
RL_INLINE std::int32_t chain_multiplier<std::int32_t>() {
  return 1664525;
}
template <>
RL_INLINE std::int32_t chain_addend<std::int32_t>() {
  return 1013904223;
}

// Start value of accumulator j of a peak chain.
template <class T>
RL_INLINE T chain_seed(unsigned j) {
  return static_cast<T>(1 + (j % 7));
}

struct PeakFma {
  // One element = one multiply-add executed; no memory traffic in the timed loop.
  // fp16 and bf16 are GPU-only (packed two-lane instructions, each lane counted); their
  // chains use constants exact in 16 bits (see the GPU backend's peak kernels).
  static constexpr KernelDecl decl{
      "peak_fma",
      Family::compute,
      DType::fp64 | DType::fp32 | DType::fp16 | DType::bf16 | DType::int32,
      {},
      2,
      "x = x * m + c, independent register chains"};
  template <class T>
  RL_INLINE static T step(T x) {
    return fma_op(x, chain_multiplier<T>(), chain_addend<T>());
  }
};

// Four int8 products summed into an int32 accumulator (the dp4a instruction), with
// wrap-around: the host model every backend's packed int8 dot product must match.
RL_INLINE std::int32_t dot4_i8(std::int32_t a, std::int32_t b, std::int32_t acc) {
  std::uint32_t sum = static_cast<std::uint32_t>(acc);
  for (int byte = 0; byte < 4; ++byte) {
    const auto x = static_cast<std::int8_t>(static_cast<std::uint32_t>(a) >> (8 * byte));
    const auto y = static_cast<std::int8_t>(static_cast<std::uint32_t>(b) >> (8 * byte));
    sum += static_cast<std::uint32_t>(x * y);
  }
  return static_cast<std::int32_t>(sum);
}

struct PeakDot4 {
  // One element = one int8 multiply-add (a dp4a instruction is four of them). The
  // accumulator is also the first operand, so the chain cannot be folded into a sum.
  static constexpr KernelDecl decl{"peak_dp4a",
                                   Family::compute,
                                   mask_of(DType::int8),
                                   {},
                                   2,
                                   "acc = dp4a(acc, b, acc): 4 int8 multiply-adds into int32"};
  RL_INLINE static std::int32_t step(std::int32_t acc, std::int32_t b) {
    return dot4_i8(acc, b, acc);
  }
};

struct IntensityFma {
  // Per element: load x[i], apply k multiply-adds, store x[i]. flops = 2k per element;
  // k may be fractional (k = 1/d: one multiply-add on every d-th element).
  static constexpr KernelDecl decl{"intensity",
                                   Family::intensity,
                                   DType::fp64 | DType::fp32,
                                   {Role::read_write, Role::none, Role::none},
                                   2,
                                   "x[i] = (x * m + c)^k, in place"};
  // One multiply-add; a backend may interleave the steps of many elements, but each
  // element sees exactly the sequence apply() defines.
  template <class T>
  RL_INLINE static T step(T x) {
    return fma_op(x, chain_multiplier<T>(), chain_addend<T>());
  }
  template <class T>
  RL_INLINE static T apply(T x, int fmas) {
    for (int j = 0; j < fmas; ++j) x = step(x);
    return x;
  }
};

using ComputeKernels = KernelList<PeakFma, PeakDot4>;
using IntensityKernels = KernelList<IntensityFma>;

}  // namespace ridgeline::kernels
