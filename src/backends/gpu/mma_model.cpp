#include "backends/gpu/mma_model.hpp"

#include <string>

#include "kernels/matrix_operands.hpp"

namespace ridgeline::gpu {
namespace {

template <class T>
Verification check(const MmaOutputLayout& layout, const MatrixExpectation& e,
                   std::span<const T> got) {
  if (got.size() != layout.values()) {
    Verification v;
    v.verdict = Verdict::fail;
    v.checked = got.size();
    v.mismatches = got.size();
    v.detail = "expected " + std::to_string(layout.values()) + " accumulators, got " +
               std::to_string(got.size());
    return v;
  }
  Comparison c;
  for (std::uint64_t i = 0; i < got.size(); ++i) {
    const ExpectedValue want = mma_expected_value(layout, e, i);
    c.check(i, static_cast<double>(got[i]), want.value, want.tolerance);
  }
  const std::uint64_t per_warp = std::uint64_t{layout.chains} * layout.accumulators * layout.lanes;
  return c.result("accumulators", [&](std::uint64_t i) {
    const std::uint64_t in_warp = i % per_warp;
    return "warp " + std::to_string(i / per_warp) + " chain " +
           std::to_string(in_warp / (layout.accumulators * layout.lanes)) + " register " +
           std::to_string(in_warp / layout.lanes % layout.accumulators) + " lane " +
           std::to_string(in_warp % layout.lanes);
  });
}

}  // namespace

ExpectedValue mma_expected_value(const MmaOutputLayout& layout, const MatrixExpectation& e,
                                 std::uint64_t index) {
  const auto lane = static_cast<unsigned>(index % layout.lanes);
  index /= layout.lanes;
  const auto reg = static_cast<unsigned>(index % layout.accumulators);
  index /= layout.accumulators;
  const auto chain = static_cast<unsigned>(index % layout.chains);
  const std::uint64_t warp = index / layout.chains;
  if (!kernels::counting_chain(e.mode == OperandMode::random, chain)) return {e.random_value, 0};
  return {counted_value(e, kernels::mma_seed(warp, lane, chain, reg)), 0};
}

Verification check_mma_output(const MmaOutputLayout& layout, const MatrixExpectation& e,
                              std::span<const float> got) {
  return check(layout, e, got);
}
Verification check_mma_output(const MmaOutputLayout& layout, const MatrixExpectation& e,
                              std::span<const std::int32_t> got) {
  return check(layout, e, got);
}

}  // namespace ridgeline::gpu
