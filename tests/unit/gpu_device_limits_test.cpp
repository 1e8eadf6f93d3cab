// Physical limits from the facts a GPU runtime reports, on made-up devices.
#include <gtest/gtest.h>

#include "backends/gpu/device_limits.hpp"

namespace ridgeline::gpu {
namespace {

constexpr std::uint64_t kMiB = std::uint64_t{1} << 20;

TEST(MemoryBusLimit, NvidiaIsDoublePumpedAtTheReportedClock) {
  // H100 SXM: 5120 bits at 2619 MHz is the datasheet's 3.35 TB/s.
  const auto h100 = memory_bus_limit("sm_90", 5120, 2619);
  ASSERT_TRUE(h100.has_value());
  EXPECT_DOUBLE_EQ(h100->bytes_per_second, 5120 / 8.0 * 2619e6 * 2);
  EXPECT_EQ(h100->basis, "5120-bit bus x 2619 MHz x 2 transfers");
}

TEST(MemoryBusLimit, AmdHbm3CountsFourTransfersPerReportedClock) {
  // MI300X: 8192 bits at 1300 MHz reported, 5.3 TB/s on the datasheet.
  const auto mi300x = memory_bus_limit("gfx942:sramecc+:xnack-", 8192, 1300);
  ASSERT_TRUE(mi300x.has_value());
  EXPECT_DOUBLE_EQ(mi300x->bytes_per_second, 5.3248e12);
}

TEST(MemoryBusLimit, UnreportedBusGivesNoLimit) {
  EXPECT_FALSE(memory_bus_limit("sm_90", 0, 2619).has_value());
  EXPECT_FALSE(memory_bus_limit("sm_90", 5120, 0).has_value());
}

TEST(CaseLimits, ComputeIsThePeakPerMhzAtTheHighestClock) {
  const LimitFacts h100{"sm_90", 1980, 5120, 2619, 50 * kMiB};
  // 132 SMs x 128 fp32 FMA x 2 = 33.792 GFLOP/s per MHz.
  const PhysicalLimits l = case_limits(h100, 33.792, 0);
  ASSERT_TRUE(l.operations_per_second.has_value());
  EXPECT_DOUBLE_EQ(*l.operations_per_second, 33.792 * 1980 * 1e9);
  EXPECT_FALSE(l.bytes_per_second.has_value());
  EXPECT_EQ(l.basis, "peak table at the 1980 MHz highest clock");
}

TEST(CaseLimits, DramLimitOnlyWhenNoCacheCanHoldTheWorkingSet) {
  const LimitFacts h100{"sm_90", 1980, 5120, 2619, 50 * kMiB};
  const PhysicalLimits streaming = case_limits(h100, std::nullopt, 3 * 1024 * kMiB);
  ASSERT_TRUE(streaming.bytes_per_second.has_value());
  EXPECT_FALSE(streaming.operations_per_second.has_value());
  // 60 MiB fits in twice the 50 MiB L2: L2 may serve part of it faster than DRAM.
  const PhysicalLimits cached = case_limits(h100, std::nullopt, 60 * kMiB);
  EXPECT_FALSE(cached.bytes_per_second.has_value());
  EXPECT_EQ(cached.basis, "working set within 2x the caches: no DRAM limit");
}

TEST(CaseLimits, UnknownPeakAndBusLeaveNoLimitAndSaySo) {
  const LimitFacts unknown{"sm_200", 0, 0, 0, 0};
  const PhysicalLimits l = case_limits(unknown, 10.0, 4 * 1024 * kMiB);
  EXPECT_FALSE(l.operations_per_second.has_value());
  EXPECT_FALSE(l.bytes_per_second.has_value());
  EXPECT_EQ(l.basis, "memory bus not reported: no DRAM limit");
}

TEST(CacheReadLimits, EveryLevelIsBoundByTheL1WidthAndDramByTheBusToo) {
  const LimitFacts h100{"sm_90", 1980, 5120, 2619, 50 * kMiB};
  const PhysicalLimits in_l1 = cache_read_limits(h100, 132, 64 * 1024);
  ASSERT_TRUE(in_l1.bytes_per_second.has_value());
  EXPECT_DOUBLE_EQ(*in_l1.bytes_per_second, 128.0 * 132 * 1980e6);
  EXPECT_NE(in_l1.basis.find("L1 at most 128 bytes per clock x 132 SMs"), std::string::npos)
      << in_l1.basis;
  // Four times the L2: DRAM serves it, and the bus is the lower bound.
  const PhysicalLimits in_dram = cache_read_limits(h100, 132, 200 * kMiB);
  EXPECT_DOUBLE_EQ(*in_dram.bytes_per_second, 5120 / 8.0 * 2619e6 * 2);
}

TEST(ChaseLimits, OneLoadPerClockAtTheHighestClock) {
  const PhysicalLimits l = chase_limits({"sm_90", 1980, 0, 0, 0});
  EXPECT_DOUBLE_EQ(*l.loads_per_second, 1980e6);
  EXPECT_FALSE(l.bytes_per_second.has_value());
  EXPECT_FALSE(chase_limits({"sm_90", 0, 0, 0, 0}).loads_per_second.has_value());
}

TEST(HostLinkLimits, TheFastestLinkPerDirection) {
  EXPECT_DOUBLE_EQ(*host_link_limits(1).bytes_per_second, 450e9);
  EXPECT_DOUBLE_EQ(*host_link_limits(2).bytes_per_second, 900e9);
  EXPECT_NE(host_link_limits(2).basis.find("NVLink-C2C"), std::string::npos);
}

}  // namespace
}  // namespace ridgeline::gpu
