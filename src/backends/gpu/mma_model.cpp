#include "backends/gpu/mma_model.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

#include "kernels/matrix_operands.hpp"

namespace ridgeline::gpu {
namespace {

template <class T>
Verification check(const MmaOutputLayout& layout, std::span<const T> got) {
  Verification v;
  v.tolerance = 0;
  v.checked = got.size();
  if (got.size() != layout.values()) {
    v.verdict = Verdict::fail;
    v.mismatches = got.size();
    v.detail = "expected " + std::to_string(layout.values()) + " accumulators, got " +
               std::to_string(got.size());
    return v;
  }
  std::uint64_t first_bad = 0;
  for (std::uint64_t i = 0; i < got.size(); ++i) {
    const auto expected = static_cast<double>(mma_expected_value(layout, i));
    const auto value = static_cast<double>(got[i]);
    if (value == expected) continue;  // NaN fails too
    if (v.mismatches++ == 0) first_bad = i;
    const double error = std::fabs(value - expected);
    v.max_abs_error = std::isnan(error) ? INFINITY : std::max(v.max_abs_error, error);
  }
  v.verdict = v.mismatches == 0 ? Verdict::pass : Verdict::fail;
  if (v.mismatches != 0) {
    const std::uint64_t per_warp =
        std::uint64_t{layout.chains} * layout.accumulators * layout.lanes;
    const std::uint64_t in_warp = first_bad % per_warp;
    std::ostringstream detail;
    detail << v.mismatches << " of " << got.size() << " accumulators differ; first: warp "
           << first_bad / per_warp << " chain " << in_warp / (layout.accumulators * layout.lanes)
           << " register " << in_warp / layout.lanes % layout.accumulators << " lane "
           << in_warp % layout.lanes << ": expected " << mma_expected_value(layout, first_bad)
           << ", got " << static_cast<double>(got[first_bad]);
    v.detail = detail.str();
  }
  return v;
}

}  // namespace

std::int64_t mma_expected_value(const MmaOutputLayout& layout, std::uint64_t index) {
  const auto lane = static_cast<unsigned>(index % layout.lanes);
  index /= layout.lanes;
  const auto reg = static_cast<unsigned>(index % layout.accumulators);
  index /= layout.accumulators;
  const auto chain = static_cast<unsigned>(index % layout.chains);
  const std::uint64_t warp = index / layout.chains;
  std::int64_t value = kernels::mma_seed(warp, lane, chain, reg);
  if (layout.iterations % 2 == 1)
    value += std::int64_t{layout.k} * kernels::mma_a_value(warp) * kernels::mma_b_value(warp);
  return value;
}

Verification check_mma_output(const MmaOutputLayout& layout, std::span<const float> got) {
  return check(layout, got);
}
Verification check_mma_output(const MmaOutputLayout& layout, std::span<const std::int32_t> got) {
  return check(layout, got);
}

}  // namespace ridgeline::gpu
