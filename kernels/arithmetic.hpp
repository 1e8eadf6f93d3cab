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
  static constexpr KernelDecl decl{"peak_fma",
                                   Family::compute,
                                   DType::fp64 | DType::fp32 | DType::int32,
                                   0,
                                   0,
                                   2,
                                   "x = x * m + c, independent register chains"};
  template <class T>
  RL_INLINE static T step(T x) {
    return fma_op(x, chain_multiplier<T>(), chain_addend<T>());
  }
};

struct IntensityFma {
  // Per element: load x[i], apply k multiply-adds, store x[i]. flops = 2k per element;
  // k may be fractional (k = 1/d: one multiply-add on every d-th element).
  static constexpr KernelDecl decl{"intensity",
                                   Family::intensity,
                                   DType::fp64 | DType::fp32,
                                   1,
                                   1,
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

}  // namespace ridgeline::kernels
