#include "backends/gpu/wgmma_model.hpp"

#include <algorithm>
#include <stdexcept>

#include "kernels/wgmma_layout.hpp"

namespace ridgeline::gpu {
namespace {
namespace wg = kernels::wgmma;

constexpr std::uint64_t kValuesPerWarpgroup =
    std::uint64_t{wg::kAccumulatorsPerThread} * wg::kWarpgroupThreads;

template <class T>
Verification check_all(const MatrixExpectation& e, std::span<const T> out) {
  if (out.empty() || out.size() % kValuesPerWarpgroup != 0) {
    Verification v;
    v.verdict = Verdict::fail;
    v.checked = out.size();
    v.mismatches = out.size();
    v.detail = "accumulator count " + std::to_string(out.size()) +
               " is not a whole number of warpgroups (" + std::to_string(kValuesPerWarpgroup) +
               " each)";
    return v;
  }
  const bool random = e.mode == OperandMode::random;
  Comparison c;
  for (std::uint64_t i = 0; i < out.size(); ++i) {
    const std::uint64_t warpgroup = i / kValuesPerWarpgroup;
    if (wg::counting_warpgroup(random, warpgroup))
      c.check(i, static_cast<double>(out[i]), counted_value(e, wg::accumulator_seed(warpgroup)));
    else
      c.check(i, static_cast<double>(out[i]), e.random_value);
  }
  return c.result("accumulators", [](std::uint64_t i) {
    return "warpgroup " + std::to_string(i / kValuesPerWarpgroup) + ", register " +
           std::to_string(i / wg::kWarpgroupThreads % wg::kAccumulatorsPerThread) + ", thread " +
           std::to_string(i % wg::kWarpgroupThreads);
  });
}

}  // namespace

int parse_wgmma_warpgroups(const Params& options) {
  int warpgroups = kDefaultWarpgroupsPerBlock;
  for (const auto& [key, value] : options) {
    if (key != kWarpgroupsPerBlockOption)
      throw std::invalid_argument("wgmma takes only the option " +
                                  std::string(kWarpgroupsPerBlockOption) + " (got '" + key + "')");
    const auto number = value.number();
    if (number != 1.0 && number != 2.0 && number != 3.0)
      throw std::invalid_argument(std::string(kWarpgroupsPerBlockOption) +
                                  " must be 1, 2 or 3 (got '" + value.text() + "')");
    warpgroups = static_cast<int>(*number);
  }
  return warpgroups;
}

std::uint64_t wgmma_multiply_adds_per_instruction(DType t) {
  return std::uint64_t{wg::kM} * wg::kN * static_cast<std::uint64_t>(wg::instruction_k(t));
}

unsigned wgmma_iterations_for(DType t, std::uint64_t requested, std::uint64_t warpgroups) {
  const std::uint64_t per_iteration = 2 * warpgroups * wgmma_multiply_adds_per_instruction(t);
  const std::uint64_t wanted =
      per_iteration == 0 ? 1 : (requested + per_iteration / 2) / per_iteration;
  const std::uint64_t most =
      (max_counted_instructions(t, static_cast<unsigned>(wg::instruction_k(t))) - 1) / 2;
  return static_cast<unsigned>(
      std::clamp<std::uint64_t>(wanted, 1, std::min<std::uint64_t>(most, 1U << 30)));
}

std::uint64_t wgmma_multiply_adds(DType t, std::uint64_t warpgroups, std::uint64_t iterations) {
  return warpgroups * wgmma_instructions(iterations) * wgmma_multiply_adds_per_instruction(t);
}

std::uint64_t wgmma_instructions(std::uint64_t iterations) { return 2 * iterations + 1; }

Verification check_wgmma_accumulators(const MatrixExpectation& e, std::span<const float> out) {
  return check_all(e, out);
}
Verification check_wgmma_accumulators(const MatrixExpectation& e,
                                      std::span<const std::int32_t> out) {
  return check_all(e, out);
}

}  // namespace ridgeline::gpu
