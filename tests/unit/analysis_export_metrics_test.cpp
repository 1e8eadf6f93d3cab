#include <gtest/gtest.h>

#include "analysis/export_metrics.hpp"

namespace ridgeline {
namespace {

Datasheet chip(std::map<std::string, double> peaks, std::optional<double> die_mm2) {
  Datasheet d;
  d.peak_tflops = std::move(peaks);
  d.die_area_mm2 = die_mm2;
  return d;
}

TEST(ExportMetrics, OperandBits) {
  EXPECT_EQ(operand_bits("fp64"), 64);
  EXPECT_EQ(operand_bits("tf32"), 32);
  EXPECT_EQ(operand_bits("bf16"), 16);
  EXPECT_EQ(operand_bits("fp8"), 8);
  EXPECT_EQ(operand_bits("int8"), 8);
  EXPECT_EQ(operand_bits("fp4"), 4);
  EXPECT_FALSE(operand_bits("int4x"));
}

TEST(ExportMetrics, H100SxmIsTierAOnTppAlone) {
  // FP8 1978.9 x 8 = 15831.2 beats TF32 494.7 x 32 = 15830.4 and FP16 989.4 x 16.
  const auto m = export_metrics(chip(
      {{"fp64", 34}, {"tf32", 494.7}, {"fp16", 989.4}, {"bf16", 989.4}, {"fp8", 1978.9}}, 814));
  ASSERT_TRUE(m.tpp);
  EXPECT_NEAR(*m.tpp, 15831.2, 1e-9);
  EXPECT_EQ(m.tpp_dtype, "fp8");
  ASSERT_TRUE(m.performance_density);
  EXPECT_NEAR(*m.performance_density, 15831.2 / 814, 1e-12);  // 19.45
  EXPECT_EQ(m.tier, ExportTier::tier_a);
}

TEST(ExportMetrics, H20StaysBelowBothTiers) {
  // 148 x 16 = 2368 = 296 x 8; PD 2368 / 814 = 2.91 < 3.2, TPP < 2400.
  const auto m = export_metrics(chip({{"bf16", 148}, {"fp8", 296}, {"int8", 296}}, 814));
  EXPECT_NEAR(m.tpp.value_or(0), 2368, 1e-9);
  EXPECT_NEAR(m.performance_density.value_or(0), 2.909, 1e-3);
  EXPECT_EQ(m.tier, ExportTier::below);
}

TEST(ExportMetrics, DensityProngDecidesBetweenThresholds) {
  // Ascend 910: 256 x 16 = 4096 < 4800, PD 4096 / 456.25 = 8.98 >= 5.92.
  EXPECT_EQ(export_metrics(chip({{"fp16", 256}}, 456.25)).tier, ExportTier::tier_a);
  // Ascend 910B4 cube peaks: 245.8 x 16 = 3932.8, PD 5.909 < 5.92 but >= 1.6 with TPP >= 2400.
  const auto b4 = export_metrics(chip({{"fp16", 245.8}, {"int8", 491.5}}, 665.61));
  EXPECT_NEAR(b4.tpp.value_or(0), 3932.8, 1e-9);
  EXPECT_EQ(b4.tier, ExportTier::tier_b);
  // TPP between 1600 and 4800 with no die area: the rule cannot be applied.
  EXPECT_EQ(export_metrics(chip({{"fp16", 280}}, std::nullopt)).tier, ExportTier::needs_die_area);
  // Below 1600 nothing applies; no peaks at all is unknown.
  EXPECT_EQ(export_metrics(chip({{"fp16", 99}}, std::nullopt)).tier, ExportTier::below);
  const auto none = export_metrics(chip({}, 800));
  EXPECT_FALSE(none.tpp);
  EXPECT_FALSE(none.performance_density);
  EXPECT_EQ(none.tier, ExportTier::unknown);
}

TEST(ExportMetrics, TierBoundaries) {
  EXPECT_EQ(export_tier(4800, std::nullopt), ExportTier::tier_a);
  EXPECT_EQ(export_tier(1600, 5.92), ExportTier::tier_a);
  EXPECT_EQ(export_tier(1600, 5.91), ExportTier::tier_b);  // 3.2 <= PD < 5.92
  EXPECT_EQ(export_tier(1600, 3.19), ExportTier::below);
  EXPECT_EQ(export_tier(2400, 1.6), ExportTier::tier_b);  // 2400 <= TPP < 4800, PD >= 1.6
  EXPECT_EQ(export_tier(2399, 1.6), ExportTier::below);
  EXPECT_EQ(export_tier(1599, 100), ExportTier::below);
  EXPECT_EQ(export_tier(std::nullopt, 100), ExportTier::unknown);
}

}  // namespace
}  // namespace ridgeline
