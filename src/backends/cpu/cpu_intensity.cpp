// The arithmetic-intensity sweep: x[i] = IntensityFma::apply(x[i], k) in place, with
// k = fmas_num / fmas_den multiply-adds per element, from memory-bound to compute-bound.
// The blocks run in the SIMD variant chosen at run time (cpu_simd_variant.hpp).
#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <stdexcept>
#include <string>

#include "backends/cpu/cpu_cases.hpp"
#include "backends/cpu/cpu_memory.hpp"
#include "backends/cpu/cpu_parallel.hpp"
#include "backends/cpu/cpu_simd_variant.hpp"
#include "backends/cpu/cpu_verify.hpp"
#include "kernels/arithmetic.hpp"
#include "kernels/stream.hpp"

namespace ridgeline::cpu {
namespace {
namespace k = kernels;

template <class T>
class IntensityCase final : public CpuCase {
 public:
  IntensityCase(const SimdVariant& variant, std::uint64_t n, IntensityParams p)
      : variant_(variant), blocks_(variant.intensity<T>()), n_(n), params_(p) {
    if (p.fmas_num < 0 || p.fmas_den < 1 || blocks_.block % p.fmas_den != 0)
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
        blocks_.every(x, n_, fmas);
      else
        blocks_.strided(x, n_, fmas, stride);
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
            {"simd", variant_.isa},
            {"simd_variant", variant_.name},
            {"block_vectors", blocks_.block_vectors}};
  }

  std::span<std::byte> result_bytes() override {
    return std::as_writable_bytes(std::span<T>(x_.data(), n_));
  }

 private:
  const SimdVariant& variant_;
  IntensityBlocks<T> blocks_;
  std::uint64_t n_;
  IntensityParams params_;
  Array<T> x_;
  std::uint64_t calls_done_ = 0;
};

}  // namespace

std::unique_ptr<CpuCase> make_intensity_case(const SimdVariant& variant, const CaseSpec& spec) {
  if (spec.array_elements == 0)
    throw std::invalid_argument("intensity needs a non-zero element count");
  switch (spec.dtype) {
    case DType::fp64:
      return std::make_unique<IntensityCase<double>>(variant, spec.array_elements, spec.intensity);
    case DType::fp32:
      return std::make_unique<IntensityCase<float>>(variant, spec.array_elements, spec.intensity);
    default:
      throw SkipCase("intensity runs in fp32 and fp64 only on the CPU");
  }
}

std::unique_ptr<CpuCase> make_intensity_case(const CaseSpec& spec) {
  const SimdChoice& choice = simd_choice();
  if (choice.variant == nullptr) throw SkipCase("intensity: " + choice.why_none);
  return make_intensity_case(*choice.variant, spec);
}

}  // namespace ridgeline::cpu
