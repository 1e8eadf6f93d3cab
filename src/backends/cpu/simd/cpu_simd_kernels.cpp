// The CPU's compute-bound kernels for one instruction-set level: compiled once per SIMD
// variant (cmake: ridgeline_cpu_simd_variant) with that level's -march and
//   RL_SIMD_NS    its namespace (x86_64_v4), so every variant's functions have their own
//                 names and the linker never merges one level's code into another's;
//   RL_SIMD_NAME  its name ("x86-64-v4").
// Only what inlines completely may be used here: an inline function of a header emitted
// out of line would be shared by name with the baseline code (the audit checks that no
// such symbol is defined here).
#include <omp.h>

#include <cstdint>

#include "backends/cpu/cpu_simd_variant.hpp"
#include "backends/cpu/cpu_simd_width.h"
#include "kernels/arithmetic.hpp"

#if !defined(RL_SIMD_NS) || !defined(RL_SIMD_NAME)
#error "compile through ridgeline_cpu_simd_variant (RL_SIMD_NS, RL_SIMD_NAME)"
#endif
#define RL_SIMD_STRINGIFY_NAME(x) #x
#define RL_SIMD_STRINGIFY(x) RL_SIMD_STRINGIFY_NAME(x)

namespace ridgeline::cpu::RL_SIMD_NS {
namespace {
namespace k = kernels;

constexpr int kVectorBytes = RL_CPU_VECTOR_BYTES;
template <class T>
constexpr int kLanes = kVectorBytes / static_cast<int>(sizeof(T)) > 0
                           ? kVectorBytes / static_cast<int>(sizeof(T))
                           : 1;

// Chains in vector registers per thread: FMA latency (4 cycles) x 2 FMA ports needs 8 in
// flight. With 32 registers (AVX-512) 16 leave headroom and, with the multiplier and the
// addend, still fit; with 16 (AVX2) 12 do, where 16 would spill or read the constants
// from memory in the timed loop.
constexpr int kChainVectors = RL_CPU_VECTOR_REGISTERS >= 32 ? 16 : 12;
template <class T>
constexpr int kChains = kChainVectors* kLanes<T>;
// Steps of every chain per loop iteration: with the 3-instruction loop (add, compare,
// branch) 16 x 8 or 12 x 16 vector FMAs keep the loop above 97% multiply-adds, which the
// machine-code audit checks (an integer step is a multiply and an add, both counted).
constexpr int kUnroll = kChainVectors >= 16 ? 8 : 16;

// One thread's work: `iters` steps of every chain (a multiple of kUnroll), then the
// chains summed in a fixed order (in double: exact for int32, deterministic for floats)
// so none is dead code. Seeds come from memory: constant seeds would let the compiler
// merge the chains that share a seed (chain_seed repeats every 7). Not inlined, so the
// audit finds the timed loop under this function's name.
template <class T>
__attribute__((noinline)) double run_chains(const T* seeds, std::uint64_t iters) {
  T acc[kChains<T>];
#pragma omp simd
  for (int j = 0; j < kChains<T>; ++j) acc[j] = seeds[j];
  for (std::uint64_t it = 0; it < iters; it += kUnroll) {
#pragma GCC unroll 16
    for (int u = 0; u < kUnroll; ++u) {
#pragma omp simd
      for (int j = 0; j < kChains<T>; ++j) acc[j] = k::PeakFma::step(acc[j]);
    }
  }
  double sum = 0;
  for (int j = 0; j < kChains<T>; ++j) sum += static_cast<double>(acc[j]);
  return sum;
}

// Elements are processed in blocks of kChainVectors vectors whose chains advance
// together: that many independent FMAs in flight cover latency x ports, where one
// vector's k-step chain alone would run at a quarter of peak. The block stays in
// registers across the k steps.
template <class T>
constexpr int kBlock = kChainVectors* kLanes<T>;

// Loads a block into registers, applies `fmas` rounds of step(value, vector, lane) to it
// (the element's vector within the block and its lane within the vector), and stores it
// back; the tail that does not fill a block goes through tail(i). The block is shaped as
// vectors x lanes so a per-lane constant is one register for all the block's vectors.
template <class T, class Step, class Tail>
void apply_in_blocks(T* x, std::uint64_t n, int fmas, Step step, Tail tail) {
  constexpr int kL = kLanes<T>;
  const std::uint64_t blocks = n / kBlock<T>;
#pragma omp parallel for schedule(static)
  for (std::uint64_t block = 0; block < blocks; ++block) {
    T* const xb = x + block * kBlock<T>;
    T v[kChainVectors][kL];
#pragma GCC unroll 16
    for (int b = 0; b < kChainVectors; ++b) {
#pragma omp simd
      for (int l = 0; l < kL; ++l) v[b][l] = xb[b * kL + l];
    }
    for (int f = 0; f < fmas; ++f) {
#pragma GCC unroll 16
      for (int b = 0; b < kChainVectors; ++b) {
#pragma omp simd
        for (int l = 0; l < kL; ++l) v[b][l] = step(v[b][l], b, l);
      }
    }
#pragma GCC unroll 16
    for (int b = 0; b < kChainVectors; ++b) {
#pragma omp simd
      for (int l = 0; l < kL; ++l) xb[b * kL + l] = v[b][l];
    }
  }
  for (std::uint64_t i = blocks * kBlock<T>; i < n; ++i) tail(i);
}

// k >= 1 multiply-adds on every element: the chain constants stay in registers.
template <class T>
void apply_every_element(T* x, std::uint64_t n, int fmas) {
  apply_in_blocks(
      x, n, fmas, [](T v, int, int) { return k::IntensityFma::step(v); },
      [=](std::uint64_t i) { x[i] = k::IntensityFma::apply(x[i], fmas); });
}

// fmas multiply-adds on every stride-th element (k = fmas / stride < 1), in one vector
// pass: lanes that are not selected get x * 1 + (-0), which is x bit for bit, so the
// loop stays uniform and runs at memory speed where a scalar pass over the selected
// elements would be bound by its own loop overhead. Those identity operations do no
// useful work and are not counted: the declared flops are the selected elements' only.
// When the stride divides the vector's lanes (every stride a suite plans: fp32 at 1/8
// flop/byte is 2), the selection repeats in every vector and one register of multipliers
// and one of addends serve the whole block. Per-element constants for the whole block
// take two registers per vector, which spill; they made the 1/8 flop/byte point slower
// than its memory traffic, and remain only for strides wider than a vector.
template <class T>
void apply_strided(T* x, std::uint64_t n, int fmas, std::uint64_t stride) {
  auto tail = [=](std::uint64_t i) {
    if (i % stride == 0) x[i] = k::IntensityFma::apply(x[i], fmas);
  };
  auto constants = [stride](T* mul, T* add, int count) {
    for (int j = 0; j < count; ++j) {
      const bool selected = static_cast<std::uint64_t>(j) % stride == 0;
      mul[j] = selected ? k::chain_multiplier<T>() : T{1};
      add[j] = selected ? k::chain_addend<T>() : -T{0};
    }
  };
  if (kLanes<T> % stride == 0) {
    alignas(64) T mul[kLanes<T>];
    alignas(64) T add[kLanes<T>];
    constants(mul, add, kLanes<T>);
    apply_in_blocks(
        x, n, fmas, [&](T v, int, int l) { return k::fma_op(v, mul[l], add[l]); }, tail);
    return;
  }
  alignas(64) T mul[kBlock<T>];
  alignas(64) T add[kBlock<T>];
  constants(mul, add, kBlock<T>);
  apply_in_blocks(
      x, n, fmas,
      [&](T v, int b, int l) {
        const int j = b * kLanes<T> + l;
        return k::fma_op(v, mul[j], add[j]);
      },
      tail);
}

template <class T>
constexpr PeakChains<T> peak_chains() {
  return {kChains<T>, kUnroll, &run_chains<T>};
}

template <class T>
constexpr IntensityBlocks<T> intensity_blocks() {
  return {kBlock<T>, kChainVectors, &apply_every_element<T>, &apply_strided<T>};
}

// The level the CPU must have: what this variant's -march enabled. The native variant
// (RL_SIMD_NATIVE) is built for the build machine and needs no check; the portable
// ones are x86-64-v3 or v4 exactly (cmake), or the baseline.
constexpr SimdLevel required_level() {
#if defined(RL_SIMD_NATIVE)
  return SimdLevel::none;
#elif defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512DQ__) && \
    defined(__AVX512VL__)
  return SimdLevel::x86_64_v4;
#elif defined(__AVX2__) && defined(__FMA__)
  return SimdLevel::x86_64_v3;
#elif defined(__AVX__) || defined(__FMA__) || defined(__AVX512F__)
#error "a portable SIMD variant between x86-64-v3 and v4 has no run-time check; use one of them"
#else
  return SimdLevel::none;
#endif
}

}  // namespace

extern const SimdVariant simd_variant;
constinit const SimdVariant simd_variant{RL_SIMD_NAME,
                                         RL_SIMD_STRINGIFY(RL_SIMD_NS),
                                         RL_CPU_VECTOR_ISA,
                                         kVectorBytes,
                                         required_level(),
                                         peak_chains<double>(),
                                         peak_chains<float>(),
                                         peak_chains<std::int32_t>(),
                                         intensity_blocks<double>(),
                                         intensity_blocks<float>()};

}  // namespace ridgeline::cpu::RL_SIMD_NS
