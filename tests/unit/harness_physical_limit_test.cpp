// The physical-limit guard's arithmetic: which limit binds for declared work, and when a
// sample is called too fast.
#include <gtest/gtest.h>

#include "physical_limit_guard.hpp"

namespace ridgeline {
namespace {

BenchmarkRecord record(RateUnit unit, double flops, double bytes, std::vector<double> seconds) {
  BenchmarkRecord r;
  r.unit = unit;
  r.flops_per_call = flops;
  r.bytes_per_call = bytes;
  r.sample_seconds = std::move(seconds);
  return r;
}

TEST(PhysicalLimit, AnIntensityPointIsBoundByTheRoofAtItsIntensity) {
  // 1 flop per byte on a device of 100 GFLOP/s and 40 GB/s: the bus binds at 40 GFLOP/s.
  PhysicalLimits limits{100e9, 40e9, "test device", std::nullopt};
  const auto memory_bound = record(RateUnit::gigaflops, 1e9, 1e9, {1});
  EXPECT_DOUBLE_EQ(*physical_rate_limit(memory_bound, limits), 40.0);
  // 10 flop per byte: the compute peak binds.
  const auto compute_bound = record(RateUnit::gigaflops, 10e9, 1e9, {1});
  EXPECT_DOUBLE_EQ(*physical_rate_limit(compute_bound, limits), 100.0);
}

TEST(PhysicalLimit, ABandwidthRecordIsBoundByTheBus) {
  PhysicalLimits limits{std::nullopt, 3.35e12, "5120-bit bus x 2619 MHz x 2 transfers",
                        std::nullopt};
  const auto triad = record(RateUnit::gigabytes, 2e9, 24e9, {0.01});
  EXPECT_DOUBLE_EQ(*physical_rate_limit(triad, limits), 3350.0);
}

TEST(PhysicalLimit, NoLimitWhereNothingIsKnownOrNothingDeclared) {
  EXPECT_FALSE(physical_rate_limit(record(RateUnit::gigaflops, 1e9, 0, {1}), {}));
  // A bus limit says nothing about a kernel that declares no bytes.
  EXPECT_FALSE(physical_rate_limit(record(RateUnit::gigaflops, 1e9, 0, {1}),
                                   {std::nullopt, 1e12, "bus", std::nullopt}));
}

TEST(PhysicalLimit, TheFastestSampleDecides) {
  // 1e9 flop per call: samples of 0.5 s and 2 s are 2 and 0.5 GFLOP/s.
  const auto r = record(RateUnit::gigaflops, 1e9, 0, {2.0, 0.5, 1.0});
  EXPECT_FALSE(physical_limit_violation(r, 2.0, "b").has_value());  // at the limit: fine
  const auto v = physical_limit_violation(r, 1.5, "4 cores x 2 GHz");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(*v,
            "exceeds the physical limit (1.5 GFLOP/s, 4 cores x 2 GHz): a sample ran at 2 "
            "GFLOP/s");
  EXPECT_FALSE(
      physical_limit_violation(record(RateUnit::gigaflops, 1e9, 0, {}), 1, "").has_value());
}

TEST(PhysicalLimit, ALatencyIsBoundFromBelowByOneLoadPerClock) {
  // 1000 loads per call at one load per clock of 2 GHz: at least 0.5 ns per load.
  BenchmarkRecord chase = record(RateUnit::nanoseconds_per_load, 0, 4000, {2e-6, 1e-6});
  chase.elements = 1000;
  PhysicalLimits limits;
  limits.loads_per_second = 2e9;
  limits.basis = "one dependent load per clock at 2000 MHz";
  EXPECT_DOUBLE_EQ(*physical_rate_limit(chase, limits), 0.5);
  EXPECT_DOUBLE_EQ(chase.rate(1e-6), 1.0);  // ns per load, from the fastest sample
  EXPECT_FALSE(physical_limit_violation(chase, 0.5, limits.basis).has_value());
  const auto v = physical_limit_violation(chase, 2.0, limits.basis);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(*v,
            "is below the physical limit (2 ns/load, one dependent load per clock at 2000 MHz): "
            "a sample ran at 1 ns/load");
}

}  // namespace
}  // namespace ridgeline
