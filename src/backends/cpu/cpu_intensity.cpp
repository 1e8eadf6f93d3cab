// The arithmetic-intensity sweep: x[i] = IntensityFma::apply(x[i], k) in place, with
// k = fmas_num / fmas_den multiply-adds per element, from memory-bound to compute-bound.
#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <stdexcept>
#include <string>

#include "backends/cpu/cpu_cases.hpp"
#include "backends/cpu/cpu_memory.hpp"
#include "backends/cpu/cpu_parallel.hpp"
#include "backends/cpu/cpu_simd.hpp"
#include "backends/cpu/cpu_verify.hpp"
#include "kernels/arithmetic.hpp"
#include "kernels/stream.hpp"

namespace ridgeline::cpu {
namespace {
namespace k = kernels;

// Elements are processed in blocks of 16 vectors whose chains advance together: 16
// independent FMAs in flight cover latency x ports, where one vector's k-step chain
// alone would run at a quarter of peak. The block stays in registers across the k steps.
constexpr int kBlockVectors = 16;
template <class T>
constexpr int kBlock = kBlockVectors* kLanes<T>;

// Loads a block into registers, applies `fmas` rounds of step(value, vector, lane) to it
// (the element's vector within the block and its lane within the vector), and stores it
// back; the tail that does not fill a block goes through tail(i). The block is shaped as
// vectors x lanes so a per-lane constant is one register for all 16 vectors.
template <class T, class Step, class Tail>
void apply_in_blocks(T* x, std::uint64_t n, int fmas, Step step, Tail tail) {
  constexpr int kL = kLanes<T>;
  const std::uint64_t blocks = n / kBlock<T>;
#pragma omp parallel for schedule(static)
  for (std::uint64_t block = 0; block < blocks; ++block) {
    T* const xb = x + block * kBlock<T>;
    T v[kBlockVectors][kL];
#pragma GCC unroll 16
    for (int b = 0; b < kBlockVectors; ++b) {
#pragma omp simd
      for (int l = 0; l < kL; ++l) v[b][l] = xb[b * kL + l];
    }
    for (int f = 0; f < fmas; ++f) {
#pragma GCC unroll 16
      for (int b = 0; b < kBlockVectors; ++b) {
#pragma omp simd
        for (int l = 0; l < kL; ++l) v[b][l] = step(v[b][l], b, l);
      }
    }
#pragma GCC unroll 16
    for (int b = 0; b < kBlockVectors; ++b) {
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
// and one of addends serve the whole block. Per-element constants for the 16-vector
// block are 32 registers, which spill; they made the 1/8 flop/byte point slower than its
// memory traffic, and remain only for strides wider than a vector (narrow-SIMD builds).
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
class IntensityCase final : public CpuCase {
 public:
  IntensityCase(std::uint64_t n, IntensityParams p) : n_(n), params_(p) {
    if (p.fmas_num < 0 || p.fmas_den < 1 || kBlock<T> % p.fmas_den != 0)
      throw std::invalid_argument(
          "intensity needs fmas_num >= 0 and fmas_den >= 1 dividing the vector block");
    require_available_memory(array_bytes(n, sizeof(T), "intensity array"), "intensity array");
    x_ = Array<T>(n, "intensity array");
    x_.first_touch([](std::uint64_t i) { return k::init_a<T>(i); });
  }

  std::uint64_t work_count() const override { return n_; }

  double run(int calls) override {
    T* const x = x_.data();
    const int fmas = params_.fmas_num;
    const auto stride = static_cast<std::uint64_t>(params_.fmas_den);
    const auto start = std::chrono::steady_clock::now();
    for (int call = 0; call < calls; ++call) {
      if (stride == 1)
        apply_every_element(x, n_, fmas);
      else
        apply_strided(x, n_, fmas, stride);
    }
    const auto stop = std::chrono::steady_clock::now();
    calls_done_ += static_cast<std::uint64_t>(std::max(calls, 0));
    return std::chrono::duration<double>(stop - start).count();
  }

  // The data start as init_a and every call advances the selected elements by
  // fmas_num steps, so after c calls they hold init_a advanced c * fmas_num steps.
  // init_a repeats every 7, so the model runs 7 scalar chains and compares all n.
  Verification verify() override {
    constexpr std::uint64_t kPeriod = 7;
    std::array<T, kPeriod> advanced;
    for (std::uint64_t r = 0; r < kPeriod; ++r) advanced[r] = k::init_a<T>(r);
    const std::uint64_t steps = calls_done_ * static_cast<std::uint64_t>(params_.fmas_num);
    for (std::uint64_t s = 0; s < steps; ++s)
      for (auto& value : advanced) value = k::IntensityFma::step(value);
    const T* x = x_.data();
    const auto stride = static_cast<std::uint64_t>(params_.fmas_den);
    return verify_exact(
        n_, [&](std::uint64_t i) { return x[i]; },
        [&](std::uint64_t i) { return i % stride == 0 ? advanced[i % kPeriod] : k::init_a<T>(i); });
  }

  Params configuration() const override {
    return {{"threads", worker_threads()},
            {"schedule", "static"},
            {"simd", kVectorIsa},
            {"block_vectors", kBlockVectors}};
  }

  std::span<std::byte> result_bytes() override {
    return std::as_writable_bytes(std::span<T>(x_.data(), n_));
  }

 private:
  std::uint64_t n_;
  IntensityParams params_;
  Array<T> x_;
  std::uint64_t calls_done_ = 0;
};

}  // namespace

std::unique_ptr<CpuCase> make_intensity_case(const CaseSpec& spec) {
  if (spec.array_elements == 0)
    throw std::invalid_argument("intensity needs a non-zero element count");
  switch (spec.dtype) {
    case DType::fp64:
      return std::make_unique<IntensityCase<double>>(spec.array_elements, spec.intensity);
    case DType::fp32:
      return std::make_unique<IntensityCase<float>>(spec.array_elements, spec.intensity);
    default:
      throw SkipCase("intensity runs in fp32 and fp64 only on the CPU");
  }
}

}  // namespace ridgeline::cpu
