#include <gtest/gtest.h>

#include "backends/gpu/peak_table.hpp"

namespace ridgeline::gpu {
namespace {

TEST(PeakTable, H100SxmFp32MatchesThePublishedPeak) {
  // 132 SMs x 128 fp32 FMA per clock x 2 flops x 1.98 GHz = 66.9 TFLOPS (NVIDIA H100 SXM).
  const auto peak = peak_gflops("sm_90", DType::fp32, 132, 1980);
  ASSERT_TRUE(peak.has_value());
  EXPECT_NEAR(*peak, 66'908.16, 0.01);
}

TEST(PeakTable, H100SxmFp64AndFp16) {
  EXPECT_NEAR(*peak_gflops("sm_90a", DType::fp64, 132, 1980), 33'454.08, 0.01);  // 33.5 TF
  EXPECT_NEAR(*peak_gflops("sm_90", DType::fp16, 132, 1980), 133'816.32, 0.01);  // 133.8 TF
  EXPECT_NEAR(*peak_gflops("sm_90", DType::bf16, 132, 1980), 133'816.32, 0.01);
}

TEST(PeakTable, A100MatchesThePublishedPeaks) {
  // 108 SMs at 1.41 GHz: 19.5 TF fp32, 9.7 TF fp64, 78 TF fp16, 39 TF bf16 (non-tensor).
  EXPECT_NEAR(*peak_gflops("sm_80", DType::fp32, 108, 1410), 19'491.84, 0.01);
  EXPECT_NEAR(*peak_gflops("sm_80", DType::fp64, 108, 1410), 9'745.92, 0.01);
  EXPECT_NEAR(*peak_gflops("sm_80", DType::fp16, 108, 1410), 77'967.36, 0.01);
  EXPECT_NEAR(*peak_gflops("sm_80", DType::bf16, 108, 1410), 38'983.68, 0.01);
}

TEST(PeakTable, PercentOfPeakAtTheObservedClock) {
  // The same measured rate is a larger share of a lower clock's peak.
  const auto at_boost = percent_of_peak(60'000, "sm_90", DType::fp32, 132, 1980);
  const auto at_throttled = percent_of_peak(60'000, "sm_90", DType::fp32, 132, 1755);
  ASSERT_TRUE(at_boost && at_throttled);
  EXPECT_NEAR(*at_boost, 89.68, 0.01);
  EXPECT_GT(*at_throttled, *at_boost);
}

TEST(PeakTable, EveryTableArchitectureIsPresent) {
  for (const char* arch : {"sm_80", "sm_86", "sm_89", "sm_90", "sm_100", "sm_120"}) {
    const ArchRates* rates = find_arch(arch);
    ASSERT_NE(rates, nullptr) << arch;
    EXPECT_TRUE(rates->fp32.has_value()) << arch;
    EXPECT_FALSE(rates->source.empty()) << arch;
  }
  EXPECT_EQ(find_arch("90")->arch, "sm_90");
}

TEST(PeakTable, UnknownStaysUnknown) {
  EXPECT_EQ(find_arch("sm_75"), nullptr);
  EXPECT_FALSE(peak_gflops("sm_75", DType::fp32, 40, 1500).has_value());
  EXPECT_FALSE(peak_gflops("sm_90", DType::int8, 132, 1980).has_value());  // no public rate
  EXPECT_FALSE(peak_gflops("sm_90", DType::fp32, 0, 1980).has_value());
  EXPECT_FALSE(peak_gflops("sm_90", DType::fp32, 132, 0).has_value());
}

}  // namespace
}  // namespace ridgeline::gpu
