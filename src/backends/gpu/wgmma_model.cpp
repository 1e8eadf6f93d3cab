#include "backends/gpu/wgmma_model.hpp"

#include <stdexcept>

#include "kernels/wgmma_layout.hpp"

namespace ridgeline::gpu {
namespace {
namespace wg = kernels::wgmma;

constexpr std::uint64_t kValuesPerWarpgroup =
    std::uint64_t{wg::kAccumulatorsPerThread} * wg::kWarpgroupThreads;

template <class T>
Verification check_all(DType t, std::span<const T> out) {
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
  Comparison c;
  for (std::uint64_t i = 0; i < out.size(); ++i)
    c.check(i, static_cast<double>(out[i]),
            static_cast<double>(wg::expected_accumulator(t, i / kValuesPerWarpgroup)));
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

std::uint64_t wgmma_pairs_for(DType t, std::uint64_t requested, std::uint64_t warpgroups) {
  const std::uint64_t per_pair = 2 * warpgroups * wgmma_multiply_adds_per_instruction(t);
  if (per_pair == 0) return 0;
  return (requested + per_pair / 2) / per_pair;
}

std::uint64_t wgmma_multiply_adds(DType t, std::uint64_t warpgroups, std::uint64_t pairs) {
  return warpgroups * (1 + 2 * pairs) * wgmma_multiply_adds_per_instruction(t);
}

Verification check_wgmma_accumulators(DType t, std::span<const float> out) {
  return check_all(t, out);
}
Verification check_wgmma_accumulators(DType t, std::span<const std::int32_t> out) {
  return check_all(t, out);
}

}  // namespace ridgeline::gpu
