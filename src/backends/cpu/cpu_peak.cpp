// Peak multiply-add throughput: per thread, a block of independent register-resident
// chains x <- x * m + c (kernels::PeakFma::step), no memory traffic in the timed loop.
// The chains run in the SIMD variant chosen at run time (cpu_simd_variant.hpp).
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
#include "backends/cpu/cpu_simd_variant.hpp"
#include "backends/cpu/cpu_verify.hpp"
#include "kernels/arithmetic.hpp"

namespace ridgeline::cpu {
namespace {
namespace k = kernels;

// Host model of run_chains: scalar steps, one chain per distinct seed, same final sum.
template <class T>
double model_chains(int chains, std::uint64_t iters) {
  std::map<T, T> final_by_seed;
  double sum = 0;
  for (int j = 0; j < chains; ++j) {
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
  PeakCase(const SimdVariant& variant, std::uint64_t requested_fmas)
      : variant_(variant),
        chains_(variant.peak<T>()),
        threads_(worker_threads()),
        seeds_(static_cast<std::size_t>(chains_.chains)),
        results_(threads_, 0.0) {
    const std::uint64_t unroll = static_cast<std::uint64_t>(chains_.unroll);
    const std::uint64_t per_step = static_cast<std::uint64_t>(threads_) * chains_.chains;
    const std::uint64_t steps = (requested_fmas + per_step / 2) / per_step;
    iters_ = std::max<std::uint64_t>(unroll, (steps + unroll - 1) / unroll * unroll);
    for (int j = 0; j < chains_.chains; ++j) seeds_[j] = k::chain_seed<T>(static_cast<unsigned>(j));
  }

  std::uint64_t work_count() const override {
    return static_cast<std::uint64_t>(threads_) * chains_.chains * iters_;
  }

  double run(int calls) override {
    const T* seeds = seeds_.data();
    double* results = results_.data();
    const std::uint64_t iters = iters_;
    const auto run_chains = chains_.run;
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
    const double expected = model_chains<T>(chains_.chains, iters_);
    return verify_exact(
        results_.size(), [&](std::uint64_t t) { return results_[t]; },
        [&](std::uint64_t) { return expected; });
  }

  Params configuration() const override {
    return {{"threads", threads_},      {"chains_per_thread", chains_.chains},
            {"unroll", chains_.unroll}, {"iterations", iters_},
            {"simd", variant_.isa},     {"simd_variant", variant_.name}};
  }

  std::span<std::byte> result_bytes() override {
    return std::as_writable_bytes(std::span(results_));
  }

 private:
  const SimdVariant& variant_;
  PeakChains<T> chains_;
  int threads_;
  std::uint64_t iters_ = 1;
  std::vector<T> seeds_;
  std::vector<double> results_;  // one per thread
};

// The audit's architecture of a variant: its name, as the build names its objects
// (cpu_simd.<name>.cpp.o); scripts/audit_machine_code.py reads them per variant.
template <class T>
MachineCodeClaim claim_for(const SimdVariant& v, DType t, const char* type_name) {
  MachineCodeClaim c;
  c.kernel = k::PeakFma::decl.name;
  c.dtype = t;
  c.symbol = std::string(v.space) + R"(::\(anonymous namespace\)::run_chains<)" + type_name + ">";
  c.architectures = {v.name};
  c.multiply_adds_per_iteration = static_cast<double>(v.peak<T>().chains) * v.peak<T>().unroll;
  c.min_issue_efficiency = 0.97;
  return c;
}

}  // namespace

std::vector<MachineCodeClaim> peak_claims() {
  std::vector<MachineCodeClaim> claims;
  for (const SimdVariant* v : compiled_simd_variants()) {
    claims.push_back(claim_for<double>(*v, DType::fp64, "double"));
    claims.push_back(claim_for<float>(*v, DType::fp32, "float"));
    claims.push_back(claim_for<std::int32_t>(*v, DType::int32, "int"));
  }
  return claims;
}

std::unique_ptr<CpuCase> make_peak_case(const SimdVariant& variant, const CaseSpec& spec) {
  if (spec.multiply_adds == 0) throw std::invalid_argument("peak_fma needs a non-zero FMA count");
  switch (spec.dtype) {
    case DType::fp64:
      return std::make_unique<PeakCase<double>>(variant, spec.multiply_adds);
    case DType::fp32:
      return std::make_unique<PeakCase<float>>(variant, spec.multiply_adds);
    case DType::int32:
      return std::make_unique<PeakCase<std::int32_t>>(variant, spec.multiply_adds);
    default:
      throw SkipCase("peak_fma runs in fp64, fp32 and int32 only on the CPU");
  }
}

std::unique_ptr<CpuCase> make_peak_case(const CaseSpec& spec) {
  const SimdChoice& choice = simd_choice();
  if (choice.variant == nullptr) throw SkipCase("peak_fma: " + choice.why_none);
  return make_peak_case(*choice.variant, spec);
}

}  // namespace ridgeline::cpu
