// Dense matrix-unit peaks against the vendors' published numbers, and which matrix
// kernel paths each architecture is planned for.
#include <gtest/gtest.h>

#include "backends/gpu/matrix_peak_table.hpp"

namespace ridgeline::gpu {
namespace {

// Published TFLOPS (TOPS for int8), compared within 0.1%.
void expect_peak(const char* arch, DType t, int units, double clock_mhz, double tflops) {
  const auto peak = matrix_peak_gflops(arch, t, units, clock_mhz);
  ASSERT_TRUE(peak.has_value()) << arch << " " << to_string(t);
  EXPECT_NEAR(*peak / 1000.0, tflops, tflops * 1e-3) << arch << " " << to_string(t);
}

TEST(MatrixPeakTable, H100SxmPublishedDensePeaks) {
  expect_peak("sm_90", DType::bf16, 132, 1830, 989.4);
  expect_peak("sm_90a", DType::fp16, 132, 1830, 989.4);
  expect_peak("sm_90", DType::tf32, 132, 1830, 494.7);
  expect_peak("sm_90", DType::fp8_e4m3, 132, 1830, 1978.9);
  expect_peak("sm_90", DType::fp8_e5m2, 132, 1830, 1978.9);
  expect_peak("sm_90", DType::int8, 132, 1830, 1978.9);
}

TEST(MatrixPeakTable, A100PublishedDensePeaks) {
  expect_peak("sm_80", DType::bf16, 108, 1410, 312);
  expect_peak("sm_80", DType::fp16, 108, 1410, 312);
  expect_peak("sm_80", DType::tf32, 108, 1410, 156);
  expect_peak("sm_80", DType::int8, 108, 1410, 624);
}

TEST(MatrixPeakTable, Mi300xAndMi250xPublishedDensePeaks) {
  expect_peak("gfx942", DType::bf16, 304, 2100, 1307.4);
  expect_peak("gfx942:sramecc+:xnack-", DType::fp8_e4m3, 304, 2100, 2614.9);
  expect_peak("gfx942", DType::tf32, 304, 2100, 653.7);
  expect_peak("gfx942", DType::fp32, 304, 2100, 163.4);
  expect_peak("gfx90a", DType::bf16, 220, 1700, 383);
  expect_peak("gfx90a", DType::fp32, 220, 1700, 95.7);
}

TEST(MatrixPeakTable, UnknownRatesAreAbsentNotGuessed) {
  EXPECT_FALSE(matrix_peak_gflops("sm_80", DType::fp8_e4m3, 108, 1410));  // A100: no fp8
  EXPECT_FALSE(matrix_peak_gflops("sm_90", DType::fp32, 132, 1830));      // no fp32 tensor path
  EXPECT_FALSE(matrix_peak_gflops("sm_100", DType::bf16, 148, 1965));     // not tabulated
  EXPECT_FALSE(matrix_peak_gflops("gfx90a", DType::fp8_e4m3, 220, 1700));
  EXPECT_FALSE(matrix_peak_gflops("sm_90", DType::bf16, 0, 1830));
  EXPECT_FALSE(matrix_peak_gflops("sm_90", DType::bf16, 132, 0));
  EXPECT_FALSE(matrix_peak_gflops("sm_90", DType::fp64, 132, 1830));
}

TEST(MatrixPeakTable, ArchitectureSpellings) {
  ASSERT_NE(find_matrix_arch("sm_90a"), nullptr);
  EXPECT_EQ(find_matrix_arch("sm_90a")->arch, "sm_90");
  EXPECT_EQ(find_matrix_arch("90")->arch, "sm_90");
  EXPECT_EQ(find_matrix_arch("gfx942:sramecc+:xnack-")->arch, "gfx942");
  EXPECT_EQ(find_matrix_arch("gfx940")->arch, "gfx942");
  EXPECT_EQ(find_matrix_arch("gfx941")->arch, "gfx942");
  EXPECT_EQ(find_matrix_arch("sm_75"), nullptr);
}

TEST(MatrixKernelAvailable, MmaSyncNeedsAmpereAndFp8IsNativeOnlyOnAdaAndSm12x) {
  for (DType t : {DType::fp16, DType::bf16, DType::tf32, DType::int8}) {
    EXPECT_TRUE(matrix_kernel_available("sm_80", "mma", t)) << to_string(t);
    EXPECT_TRUE(matrix_kernel_available("sm_100", "mma", t)) << to_string(t);
    EXPECT_FALSE(matrix_kernel_available("sm_75", "mma", t)) << to_string(t);
  }
  for (DType t : {DType::fp8_e4m3, DType::fp8_e5m2}) {
    EXPECT_FALSE(matrix_kernel_available("sm_80", "mma", t));
    EXPECT_FALSE(matrix_kernel_available("sm_86", "mma", t));
    EXPECT_TRUE(matrix_kernel_available("sm_89", "mma", t));
    EXPECT_TRUE(matrix_kernel_available("sm_120", "mma", t));
    // Emulated there (fp8 -> f16 conversions and f16 HMMA): not the fp8 tensor rate.
    for (const char* emulated : {"sm_90a", "sm_100", "sm_103", "sm_110"})
      EXPECT_FALSE(matrix_kernel_available(emulated, "mma", t)) << emulated;
  }
  EXPECT_FALSE(matrix_kernel_available("sm_90", "mma", DType::fp32));  // AMD only
}

TEST(MatrixKernelAvailable, WgmmaIsHopperOnly) {
  for (DType t : {DType::fp16, DType::bf16, DType::int8, DType::fp8_e4m3, DType::fp8_e5m2}) {
    EXPECT_TRUE(matrix_kernel_available("sm_90a", "wgmma", t)) << to_string(t);
    EXPECT_FALSE(matrix_kernel_available("sm_80", "wgmma", t)) << to_string(t);
    EXPECT_FALSE(matrix_kernel_available("sm_100", "wgmma", t)) << to_string(t);
    EXPECT_FALSE(matrix_kernel_available("gfx942", "wgmma", t)) << to_string(t);
  }
  EXPECT_FALSE(matrix_kernel_available("sm_90a", "wgmma", DType::tf32));
}

TEST(MatrixKernelAvailable, MfmaXf32OnlyOnCdna3Fp8OnCdna3AndGfx950) {
  for (DType t : {DType::fp32, DType::fp16, DType::bf16, DType::int8}) {
    EXPECT_TRUE(matrix_kernel_available("gfx90a", "mma", t)) << to_string(t);
    EXPECT_TRUE(matrix_kernel_available("gfx942", "mma", t)) << to_string(t);
    EXPECT_FALSE(matrix_kernel_available("gfx908", "mma", t)) << to_string(t);
    EXPECT_FALSE(matrix_kernel_available("gfx1100", "mma", t)) << to_string(t);
  }
  for (DType t : {DType::tf32, DType::fp8_e4m3, DType::fp8_e5m2}) {
    EXPECT_FALSE(matrix_kernel_available("gfx90a", "mma", t)) << to_string(t);
    for (const char* cdna3 : {"gfx940", "gfx941", "gfx942", "gfx942:sramecc+:xnack-"})
      EXPECT_TRUE(matrix_kernel_available(cdna3, "mma", t)) << cdna3 << " " << to_string(t);
  }
  // gfx950 dropped xf32; its fp8 instructions read OCP, which the kernel encodes there.
  EXPECT_FALSE(matrix_kernel_available("gfx950", "mma", DType::tf32));
  EXPECT_TRUE(matrix_kernel_available("gfx950", "mma", DType::fp8_e4m3));
  EXPECT_TRUE(matrix_kernel_available("gfx950:sramecc+:xnack-", "mma", DType::fp8_e5m2));
  EXPECT_FALSE(matrix_kernel_available("gfx942", "mma", DType::fp64));
}

TEST(MatrixPeakTable, PeakPerMhzForTheReport) {
  // H100 SXM: 132 SMs x 2048 bf16 multiply-adds x 2 = 540.672 GFLOP/s per MHz.
  const auto per_mhz = matrix_peak_gflops("sm_90a", DType::bf16, 132, 1.0);
  ASSERT_TRUE(per_mhz);
  EXPECT_NEAR(*per_mhz, 540.672, 1e-3);
  EXPECT_NEAR(*matrix_peak_gflops("sm_90a", DType::bf16, 132, 1980), 540.672 * 1980, 1);
  EXPECT_FALSE(matrix_peak_gflops("sm_75", DType::bf16, 40, 1500));  // unknown arch
}

}  // namespace
}  // namespace ridgeline::gpu
