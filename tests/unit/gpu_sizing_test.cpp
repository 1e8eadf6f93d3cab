#include "backends/gpu/gpu_sizing.hpp"

#include <gtest/gtest.h>

namespace ridgeline::gpu {
namespace {

constexpr std::uint64_t kMiB = std::uint64_t{1} << 20;

TEST(GpuSizing, AtLeastOneGiBWhenL2IsSmall) {
  // H100: 50 MiB L2 -> 4 x L2 is 200 MiB, below the 1 GiB floor.
  EXPECT_EQ(array_bytes_for(50 * kMiB, 80 * kGiB), kGiB);
}

TEST(GpuSizing, FourTimesL2WhenL2IsLarge) {
  // A 256 MiB last-level cache (MI300X class) needs arrays of 1 GiB; 512 MiB needs 2 GiB.
  EXPECT_EQ(array_bytes_for(512 * kMiB, 192 * kGiB), 2 * kGiB);
  EXPECT_EQ(array_bytes_for(300 * kMiB, 192 * kGiB) % kArrayGranule, 0U);
  EXPECT_GE(array_bytes_for(300 * kMiB, 192 * kGiB), 4 * 300 * kMiB);
}

TEST(GpuSizing, NeverAboveEightyPercentOfFreeMemory) {
  const std::uint64_t free_bytes = 2 * kGiB;
  const std::uint64_t bytes = array_bytes_for(50 * kMiB, free_bytes);
  EXPECT_LE(kMaxArraysPerCase * bytes + l2_flush_bytes(50 * kMiB),
            static_cast<std::uint64_t>(0.8 * static_cast<double>(free_bytes)));
  EXPECT_EQ(bytes % kArrayGranule, 0U);
  EXPECT_GT(bytes, 0U);
}

TEST(GpuSizing, OneArrayLastsTwoMillisecondsAtTheBusBandwidth) {
  // H200: 6144 bits x 3201 MHz x 2 = 4.92 TB/s, so a read of one array needs 9.8 GB.
  const double h200_bus = 6144 / 8.0 * 3201e6 * 2;
  const std::uint64_t bytes = array_bytes_for(60 * kMiB, 140 * kGiB, h200_bus);
  EXPECT_GE(static_cast<double>(bytes) / h200_bus, kMinMemoryCallSeconds);
  EXPECT_LT(static_cast<double>(bytes) / h200_bus, kMinMemoryCallSeconds * 1.01);
  EXPECT_EQ(bytes % kArrayGranule, 0U);
  // Still within 80% of free memory for three arrays and the flush buffer.
  const std::uint64_t tight = array_bytes_for(60 * kMiB, 16 * kGiB, h200_bus);
  EXPECT_LE(kMaxArraysPerCase * tight + l2_flush_bytes(60 * kMiB),
            static_cast<std::uint64_t>(0.8 * 16.0 * static_cast<double>(kGiB)));
}

TEST(GpuSizing, UnknownFreeMemoryIsNoCap) { EXPECT_EQ(array_bytes_for(50 * kMiB, 0), kGiB); }

TEST(GpuSizing, FlushBufferIsTwiceL2) {
  EXPECT_EQ(l2_flush_bytes(50 * kMiB), 100 * kMiB);
  EXPECT_EQ(l2_flush_bytes(0), kArrayGranule);
}

TEST(GpuSizing, ComputeCallFromThePeakTable) {
  // H100 SXM fp32: 132 x 128 FMA/clk x 1.98 GHz x 50 ms.
  EXPECT_EQ(compute_fmas_for("sm_90", DType::fp32, 132, 1980, 0.05), 1'672'704'000'000U);
  // fp64 runs at half the fp32 rate on sm_90, so half the multiply-adds fill the call.
  EXPECT_EQ(compute_fmas_for("sm_90", DType::fp64, 132, 1980, 0.05), 836'352'000'000U);
  // Unknown architecture: 128 per SM per clock.
  EXPECT_EQ(compute_fmas_for("sm_75", DType::fp32, 10, 1000, 1.0), 1'280'000'000'000U);
}

}  // namespace
}  // namespace ridgeline::gpu
