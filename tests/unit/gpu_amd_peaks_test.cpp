// AMD Instinct configurations from their published figures: the vector peak table, the
// matrix peak table, the Infinity Cache table and the default array size they give.
#include <gtest/gtest.h>

#include "backends/gpu/amd_infinity_cache.hpp"
#include "backends/gpu/gpu_sizing.hpp"
#include "backends/gpu/matrix_peak_table.hpp"
#include "backends/gpu/peak_table.hpp"

namespace ridgeline::gpu {
namespace {

constexpr std::uint64_t kMiB = std::uint64_t{1} << 20;

// The runtime's gcnArchName carries target features; the table must see through them.
constexpr const char* kMi250x = "gfx90a:sramecc+:xnack-";
constexpr const char* kMi300x = "gfx942:sramecc+:xnack-";

TEST(AmdPeaks, Mi250xVectorPeaksMatchTheDatasheet) {
  // MI250X: 220 CU at 1.7 GHz. FP64 vector 47.9 TF, FP32 vector 47.9 TF, packed FP32
  // 95.7 TF: the packed rate is the fp32 peak, the one-lane rate is kept beside it.
  EXPECT_NEAR(*peak_gflops(kMi250x, DType::fp64, 220, 1700), 47'872, 0.01);
  EXPECT_NEAR(*peak_gflops(kMi250x, DType::fp32, 220, 1700), 95'744, 0.01);
  EXPECT_NEAR(*fp32_unpacked_peak_gflops(kMi250x, 220, 1700), 47'872, 0.01);
}

TEST(AmdPeaks, Mi250xMatrixPeaksMatchTheDatasheet) {
  // MI250X FP16/BF16 matrix 383 TF, FP32 matrix 95.7 TF.
  EXPECT_NEAR(*matrix_peak_gflops(kMi250x, DType::fp16, 220, 1700), 382'976, 0.01);
  EXPECT_NEAR(*matrix_peak_gflops(kMi250x, DType::bf16, 220, 1700), 382'976, 0.01);
  EXPECT_NEAR(*matrix_peak_gflops(kMi250x, DType::fp32, 220, 1700), 95'744, 0.01);
}

TEST(AmdPeaks, Mi300xVectorPeaksMatchTheDatasheet) {
  // MI300X: 304 CU at 2.1 GHz. FP64 vector 81.7 TF; FP32 vector 163.4 TF counts packed
  // FP32 as two lanes (81.7 TF without packing).
  EXPECT_NEAR(*peak_gflops(kMi300x, DType::fp64, 304, 2100), 81'715.2, 0.01);
  EXPECT_NEAR(*peak_gflops(kMi300x, DType::fp32, 304, 2100), 163'430.4, 0.01);
  EXPECT_NEAR(*fp32_unpacked_peak_gflops(kMi300x, 304, 2100), 81'715.2, 0.01);
}

TEST(AmdPeaks, Mi300xMatrixPeaksMatchTheDatasheet) {
  // MI300X dense: FP16/BF16 1307.4 TF, FP8 2614.9 TF, TF32 653.7 TF.
  EXPECT_NEAR(*matrix_peak_gflops(kMi300x, DType::fp16, 304, 2100), 1'307'443.2, 0.01);
  EXPECT_NEAR(*matrix_peak_gflops(kMi300x, DType::bf16, 304, 2100), 1'307'443.2, 0.01);
  EXPECT_NEAR(*matrix_peak_gflops(kMi300x, DType::fp8_e4m3, 304, 2100), 2'614'886.4, 0.01);
  EXPECT_NEAR(*matrix_peak_gflops(kMi300x, DType::tf32, 304, 2100), 653'721.6, 0.01);
}

TEST(AmdPeaks, Mi308xIsEightyCusOfTheSameSilicon) {
  // MI308X: gfx942 with 80 of 304 CUs. No vendor compute figure is published (its Peak
  // TOPS Limiter caps delivered throughput in firmware), so the table gives the CU-scaled
  // ceiling at MI300X's 2.1 GHz peak clock: FP16 matrix 344.1 TF, FP32 vector 43.0 TF.
  const auto fp16 = matrix_peak_gflops(kMi300x, DType::fp16, 80, 2100);
  const auto fp32 = peak_gflops(kMi300x, DType::fp32, 80, 2100);
  ASSERT_TRUE(fp16 && fp32);
  EXPECT_NEAR(*fp16, 344'064, 0.01);
  EXPECT_NEAR(*fp32, 43'008, 0.01);
  EXPECT_NEAR(*fp16 / *matrix_peak_gflops(kMi300x, DType::fp16, 304, 2100), 80.0 / 304, 1e-12);
}

TEST(AmdPeaks, PercentOfPeakUsesTheObservedClock) {
  // 120 TF fp32 on an MI300X is 73% of its 2.1 GHz peak, 96% at a 1.6 GHz observed clock.
  EXPECT_NEAR(*percent_of_peak(120'000, kMi300x, DType::fp32, 304, 2100), 73.43, 0.01);
  EXPECT_NEAR(*percent_of_peak(120'000, kMi300x, DType::fp32, 304, 1600), 96.37, 0.01);
}

TEST(AmdPeaks, ArchitectureNamesWithFeaturesAndSteppings) {
  for (const char* name : {"gfx942", "gfx942:sramecc+:xnack-", "gfx940", "gfx941:xnack+"}) {
    const ArchRates* rates = find_arch(name);
    ASSERT_NE(rates, nullptr) << name;
    EXPECT_EQ(rates->arch, "gfx942") << name;
  }
  EXPECT_EQ(find_arch("gfx90a:sramecc-:xnack+")->arch, "gfx90a");
  EXPECT_EQ(find_arch("gfx950")->arch, "gfx950");
  EXPECT_EQ(find_arch("gfx1100"), nullptr);  // RDNA: not in the table, stays unknown
  EXPECT_FALSE(peak_gflops(kMi300x, DType::fp16, 304, 2100).has_value());   // no vector rate
  EXPECT_FALSE(fp32_unpacked_peak_gflops("sm_90", 132, 1980).has_value());  // not packed
}

TEST(AmdPeaks, Mi355xVectorPeaksMatchTheDatasheet) {
  // MI355X: 256 CU at 2.4 GHz, FP64 vector 78.6 TF, FP32 vector 157.3 TF.
  EXPECT_NEAR(*peak_gflops("gfx950", DType::fp64, 256, 2400), 78'643.2, 0.01);
  EXPECT_NEAR(*peak_gflops("gfx950", DType::fp32, 256, 2400), 157'286.4, 0.01);
}

TEST(AmdInfinityCache, PerArchitecture) {
  EXPECT_EQ(infinity_cache_bytes(kMi300x), 256 * kMiB);
  EXPECT_EQ(infinity_cache_bytes("gfx940"), 256 * kMiB);
  EXPECT_EQ(infinity_cache_bytes("gfx950"), 256 * kMiB);
  EXPECT_EQ(infinity_cache_bytes(kMi250x), 0U);
  EXPECT_FALSE(infinity_cache_bytes("gfx1100").has_value());
}

TEST(AmdInfinityCache, DefaultArraysAreWellAboveTheLastLevelCache) {
  // MI300X: the runtime reports 4 MiB of L2 per XCD; with the 256 MiB Infinity Cache
  // each array is 4 x 260 MiB, and the flush buffer covers both caches.
  const std::uint64_t cache = 4 * kMiB + *infinity_cache_bytes(kMi300x);
  const std::uint64_t array = array_bytes_for(cache, 192 * kGiB);
  EXPECT_EQ(array, 1040 * kMiB);
  EXPECT_GE(array, 4 * 256 * kMiB);
  EXPECT_EQ(l2_flush_bytes(cache), 520 * kMiB);
  // MI250X GCD: 8 MiB L2, no Infinity Cache: the 1 GiB floor.
  EXPECT_EQ(array_bytes_for(8 * kMiB + *infinity_cache_bytes(kMi250x), 64 * kGiB), kGiB);
}

}  // namespace
}  // namespace ridgeline::gpu
