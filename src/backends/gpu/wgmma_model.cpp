#include "backends/gpu/wgmma_model.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

#include "kernels/wgmma_layout.hpp"

namespace ridgeline::gpu {
namespace {
namespace wg = kernels::wgmma;

constexpr std::uint64_t kValuesPerWarpgroup =
    std::uint64_t{wg::kAccumulatorsPerThread} * wg::kWarpgroupThreads;

template <class T>
Verification check_all(DType t, std::span<const T> out) {
  Verification v;
  v.checked = out.size();
  v.tolerance = 0;
  if (out.empty() || out.size() % kValuesPerWarpgroup != 0) {
    v.verdict = Verdict::fail;
    v.mismatches = out.size();
    v.detail = "accumulator count " + std::to_string(out.size()) +
               " is not a whole number of warpgroups (" + std::to_string(kValuesPerWarpgroup) +
               " each)";
    return v;
  }
  std::uint64_t first_bad = out.size();
  for (std::uint64_t i = 0; i < out.size(); ++i) {
    const auto expected = static_cast<double>(wg::expected_accumulator(t, i / kValuesPerWarpgroup));
    const auto got = static_cast<double>(out[i]);
    if (!(got == expected)) {  // NaN fails too
      if (v.mismatches++ == 0) first_bad = i;
      const double error = std::fabs(got - expected);
      v.max_abs_error = std::max(v.max_abs_error, std::isnan(error) ? INFINITY : error);
    }
  }
  v.verdict = v.mismatches == 0 ? Verdict::pass : Verdict::fail;
  if (v.mismatches != 0) {
    const std::uint64_t warpgroup = first_bad / kValuesPerWarpgroup;
    std::ostringstream detail;
    detail.precision(17);
    detail << v.mismatches << " of " << out.size() << " accumulators differ; first: warpgroup "
           << warpgroup << ", register "
           << (first_bad / wg::kWarpgroupThreads) % wg::kAccumulatorsPerThread << ", thread "
           << first_bad % wg::kWarpgroupThreads << ": expected "
           << wg::expected_accumulator(t, warpgroup) << ", got "
           << static_cast<double>(out[first_bad]);
    v.detail = detail.str();
  }
  return v;
}

}  // namespace

int parse_wgmma_warpgroups(const std::map<std::string, std::string>& options) {
  int warpgroups = kDefaultWarpgroupsPerBlock;
  for (const auto& [key, value] : options) {
    if (key != kWarpgroupsPerBlockOption)
      throw std::invalid_argument("wgmma takes only the option " +
                                  std::string(kWarpgroupsPerBlockOption) + " (got '" + key + "')");
    if (value != "1" && value != "2" && value != "3")
      throw std::invalid_argument(std::string(kWarpgroupsPerBlockOption) +
                                  " must be 1, 2 or 3 (got '" + value + "')");
    warpgroups = value[0] - '0';
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
