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
  // k may be fractional (k = 1/d: one multiply-add on every d-th element). fp16 and bf16
  // are GPU-only (packed two-lane FMAs) and walk instead of contracting (CountingWalk).
  static constexpr KernelDecl decl{"intensity",
                                   Family::intensity,
                                   DType::fp64 | DType::fp32 | DType::fp16 | DType::bf16,
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

// The 16-bit intensity chain. A contracting chain in 16 bits reaches its fixed point
// within a few hundred steps (fp16's 2^-6 contraction against its 2^-11 half-ulp), after
// which a kernel that skipped work leaves the same values, so fp16 and bf16 walk instead:
// one step is two multiply-adds, x -> (x * 2 + s) * 0.5 + s / 2 = x + s, s = -1 or +1,
// exact while |2x + s| fits the format's significand (every value is an integer and every
// intermediate an odd integer). Call c walks down for c = 0 and every odd c, up for every
// even c >= 2, so the walked values leave init_a on the first call and never return: n
// steps per call put them at init_a - n after an odd number of calls and init_a - 2n after
// an even one. A skipped step, pair or call, or a launch that did nothing, shows.
struct CountingWalk {
  static constexpr float kMultiplier = 2.0f;  // then 0.5: powers of two, exact
  RL_INLINE static constexpr bool down(std::uint64_t call) { return call == 0 || call % 2 == 1; }
  // The offset of a walked element from init_a after `calls` calls of `steps` steps each.
  RL_INLINE static constexpr std::int64_t offset(std::uint64_t calls, std::int64_t steps) {
    return calls == 0 ? 0 : calls % 2 == 1 ? -steps : -2 * steps;
  }
  // One step in fp32: exact for the walk's values, so it is also what the packed 16-bit
  // multiply-adds compute (the host tests check the two agree).
  RL_INLINE static float step(float x, bool walk_down) {
    const float s = walk_down ? -1.0f : 1.0f;
    return fma_op(fma_op(x, kMultiplier, s), 1.0f / kMultiplier, 0.5f * s);
  }
};

// Multiply-adds per element of the intensity kernel come in multiples of this (a walk
// step is a pair for the 16-bit types).
RL_INLINE constexpr int intensity_fma_granule(DType t) {
  return t == DType::fp16 || t == DType::bf16 ? 2 : 1;
}
// The most multiply-adds per element and call the model is exact for; 0: no bound. With
// k multiply-adds (k / 2 steps) per call the walk reaches init_a - k >= 1 - k, so
// |2x + s| <= 2k - 1 must fit an m-bit fraction (below 2^(m + 1)): k <= 1024 in fp16
// (10 bits), k <= 128 in bf16 (7 bits).
RL_INLINE constexpr int intensity_max_fmas(DType t) {
  return t == DType::fp16 ? 1024 : t == DType::bf16 ? 128 : 0;
}

using ComputeKernels = KernelList<PeakFma, PeakDot4>;
using IntensityKernels = KernelList<IntensityFma>;

}  // namespace ridgeline::kernels
