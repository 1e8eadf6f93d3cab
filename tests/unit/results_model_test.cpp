#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "results/result_model.hpp"

namespace ridgeline {
namespace {

TEST(ResultModel, StatusStringsRoundTrip) {
  for (auto s : {BenchStatus::ok, BenchStatus::failed, BenchStatus::skipped})
    EXPECT_EQ(parse_bench_status(to_string(s)), s);
  for (auto s : {RunStatus::incomplete, RunStatus::complete, RunStatus::interrupted})
    EXPECT_EQ(parse_run_status(to_string(s)), s);
  EXPECT_EQ(to_string(BenchStatus::skipped), "skipped");
  EXPECT_EQ(to_string(RunStatus::interrupted), "interrupted");
  EXPECT_FALSE(parse_bench_status("OK"));
  EXPECT_FALSE(parse_run_status(""));
}

TEST(ResultModel, RateUsesBytesForBandwidthAndFlopsOtherwise) {
  BenchmarkRecord r;
  r.bytes_per_call = 4e9;
  r.flops_per_call = 1e9;
  r.unit = RateUnit::gigabytes;
  EXPECT_DOUBLE_EQ(r.rate(2.0), 2.0);
  r.unit = RateUnit::gigaflops;
  EXPECT_DOUBLE_EQ(r.rate(2.0), 0.5);
  r.unit = RateUnit::gigaops;
  EXPECT_DOUBLE_EQ(r.rate(0.5), 2.0);
}

TEST(ResultModel, RateIsZeroWhenUndefined) {
  BenchmarkRecord r;
  r.flops_per_call = 1e9;
  r.unit = RateUnit::gigaflops;
  EXPECT_EQ(r.rate(0.0), 0.0);
  EXPECT_EQ(r.rate(-1.0), 0.0);
  EXPECT_EQ(r.rate(std::numeric_limits<double>::quiet_NaN()), 0.0);
  EXPECT_EQ(r.rate(std::numeric_limits<double>::infinity()), 0.0);
}

TEST(ResultModel, MedianOfSamples) {
  BenchmarkRecord r;
  r.bytes_per_call = 1e9;
  r.unit = RateUnit::gigabytes;
  EXPECT_EQ(r.median_seconds(), 0.0);
  EXPECT_EQ(r.median_rate(), 0.0);
  r.sample_seconds = {0.4, 0.1, 0.2, 0.3};
  EXPECT_DOUBLE_EQ(r.median_seconds(), 0.25);
  EXPECT_DOUBLE_EQ(r.median_rate(), 4.0);
}

}  // namespace
}  // namespace ridgeline
