// Peak multiply-add throughput: per thread, a block of independent register-resident
// chains x <- x * m + c (kernels::PeakFma::step), no memory traffic in the timed loop.
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "backends/cpu/cpu_cases.hpp"
#include "backends/cpu/cpu_parallel.hpp"
#include "backends/cpu/cpu_simd.hpp"
#include "backends/cpu/cpu_verify.hpp"
#include "kernels/arithmetic.hpp"

namespace ridgeline::cpu {
namespace {
namespace k = kernels;

// 16 vector registers of chains per thread: FMA latency (4 cycles) x 2 FMA ports needs
// 8 in flight; 16 leaves headroom and, with m and c, still fits the 32 zmm registers.
constexpr int kChainVectors = 16;
template <class T>
constexpr int kChains = kChainVectors* kLanes<T>;
// Steps of every chain per loop iteration: 8 x 16 vector FMAs against a 3-instruction
// loop (add, compare, branch) keeps the loop above 97% multiply-adds, which the
// machine-code audit checks (an integer step is a multiply and an add, both counted).
constexpr int kUnroll = 8;

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
#pragma GCC unroll 8
    for (int u = 0; u < kUnroll; ++u) {
#pragma omp simd
      for (int j = 0; j < kChains<T>; ++j) acc[j] = k::PeakFma::step(acc[j]);
    }
  }
  double sum = 0;
  for (int j = 0; j < kChains<T>; ++j) sum += static_cast<double>(acc[j]);
  return sum;
}

// Host model of run_chains: scalar steps, one chain per distinct seed, same final sum.
template <class T>
double model_chains(std::uint64_t iters) {
  std::map<T, T> final_by_seed;
  double sum = 0;
  for (int j = 0; j < kChains<T>; ++j) {
    const T seed = k::chain_seed<T>(static_cast<unsigned>(j));
    auto [it, fresh] = final_by_seed.try_emplace(seed, seed);
    if (fresh)
      for (std::uint64_t step = 0; step < iters; ++step) it->second = k::PeakFma::step(it->second);
    sum += static_cast<double>(it->second);
  }
  return sum;
}

template <class T>
class PeakCase final : public CpuCase {
 public:
  explicit PeakCase(std::uint64_t requested_fmas)
      : threads_(worker_threads()), seeds_(kChains<T>), results_(threads_, 0.0) {
    const std::uint64_t per_step = static_cast<std::uint64_t>(threads_) * kChains<T>;
    const std::uint64_t steps = (requested_fmas + per_step / 2) / per_step;
    iters_ = std::max<std::uint64_t>(kUnroll, (steps + kUnroll - 1) / kUnroll * kUnroll);
    for (int j = 0; j < kChains<T>; ++j) seeds_[j] = k::chain_seed<T>(static_cast<unsigned>(j));
  }

  std::uint64_t work_count() const override {
    return static_cast<std::uint64_t>(threads_) * kChains<T> * iters_;
  }

  double run(int calls) override {
    const T* seeds = seeds_.data();
    double* results = results_.data();
    const std::uint64_t iters = iters_;
    // A thread that did not run would leave NaN, which verify() reports.
    std::fill(results_.begin(), results_.end(), std::nan(""));
    const auto start = std::chrono::steady_clock::now();
    for (int call = 0; call < calls; ++call) {
#pragma omp parallel num_threads(threads_)
      results[omp_get_thread_num()] = run_chains(seeds, iters);
    }
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  // Every thread runs the same chains, so each stored sum must equal the model's.
  Verification verify() override {
    const double expected = model_chains<T>(iters_);
    return verify_exact(
        results_.size(), [&](std::uint64_t t) { return results_[t]; },
        [&](std::uint64_t) { return expected; });
  }

  Params configuration() const override {
    return {{"threads", threads_},
            {"chains_per_thread", kChains<T>},
            {"unroll", kUnroll},
            {"iterations", iters_},
            {"simd", kVectorIsa}};
  }

  std::span<std::byte> result_bytes() override {
    return std::as_writable_bytes(std::span(results_));
  }

 private:
  int threads_;
  std::uint64_t iters_ = 1;
  std::vector<T> seeds_;
  std::vector<double> results_;  // one per thread
};

template <class T>
MachineCodeClaim claim_for(DType t, const char* type_name) {
  MachineCodeClaim c;
  c.kernel = k::PeakFma::decl.name;
  c.dtype = t;
  c.symbol = std::string("run_chains<") + type_name + ">";
  c.architectures = {"x86_64"};
  c.multiply_adds_per_iteration = static_cast<double>(kChains<T>) * kUnroll;
  c.min_issue_efficiency = 0.97;
  return c;
}

}  // namespace

std::vector<MachineCodeClaim> peak_claims() {
  return {claim_for<double>(DType::fp64, "double"), claim_for<float>(DType::fp32, "float"),
          claim_for<std::int32_t>(DType::int32, "int")};
}

std::unique_ptr<CpuCase> make_peak_case(const CaseSpec& spec) {
  if (spec.multiply_adds == 0) throw std::invalid_argument("peak_fma needs a non-zero FMA count");
  switch (spec.dtype) {
    case DType::fp64:
      return std::make_unique<PeakCase<double>>(spec.multiply_adds);
    case DType::fp32:
      return std::make_unique<PeakCase<float>>(spec.multiply_adds);
    case DType::int32:
      return std::make_unique<PeakCase<std::int32_t>>(spec.multiply_adds);
    default:
      throw SkipCase("peak_fma runs in fp64, fp32 and int32 only on the CPU");
  }
}

}  // namespace ridgeline::cpu
