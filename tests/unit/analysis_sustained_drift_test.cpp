// Sustained runs: the windows a drift compares, when no drift can be told, and throttle
// events counted as starts of a reason, not as trace points that carry it.
#include <gtest/gtest.h>

#include "analysis/sustained_drift.hpp"
#include "catalogue_records.hpp"

namespace ridgeline {
namespace {

using testing::catalogue_record;

// copy/fp64 sampled once a second for `seconds`: 100 GB/s, then `late_speed` x that from
// the middle on.
BenchmarkRecord sampled_copy(int seconds, double late_speed) {
  auto r = catalogue_record("copy", "fp64", 1e9, 0, 0.01);
  r.sample_seconds.clear();
  for (int s = 0; s <= seconds; ++s) {
    r.sample_seconds.push_back(0.01 / (2 * s < seconds ? 1.0 : late_speed));
    r.sample_end_seconds.push_back(s);
  }
  return r;
}

TEST(SustainedDrift, WindowsAreAMinuteOrAQuarterOfAShortRun) {
  EXPECT_DOUBLE_EQ(drift_window_seconds(600), 60);
  EXPECT_DOUBLE_EQ(drift_window_seconds(240), 60);
  EXPECT_DOUBLE_EQ(drift_window_seconds(20), 5);
}

TEST(SustainedDrift, FirstAndLastWindowsAreCompared) {
  const auto d = drift_of(sampled_copy(20, 0.9), 5);
  ASSERT_TRUE(d.has_value());
  EXPECT_NEAR(d->first_rate, 100, 1e-9);
  EXPECT_NEAR(d->last_rate, 90, 1e-9);
  EXPECT_NEAR(d->change(), -0.1, 1e-9);
  EXPECT_EQ(d->first_samples, 6u);  // ends at 0..5 s
  EXPECT_EQ(d->last_samples, 6u);   // ends at 15..20 s
}

TEST(SustainedDrift, NoDriftWithoutTwoWholeWindowsOrSampleTimes) {
  EXPECT_FALSE(drift_of(sampled_copy(8, 0.5), 5).has_value()) << "windows would overlap";
  auto untimed = sampled_copy(20, 0.5);
  untimed.sample_end_seconds.clear();
  EXPECT_FALSE(drift_of(untimed, 5).has_value());
  auto failed = sampled_copy(20, 0.5);
  failed.status = BenchStatus::failed;
  EXPECT_FALSE(drift_of(failed, 5).has_value());
}

TEST(SustainedDrift, RunLengthIsTheDurationAskedForElseTheLastSample) {
  ResultFile f;
  f.benchmarks.push_back(sampled_copy(12, 1.0));
  EXPECT_DOUBLE_EQ(run_seconds(f), 12);
  f.run.duration_seconds = 30;
  EXPECT_DOUBLE_EQ(run_seconds(f), 30);
}

TEST(SustainedDrift, AThrottleEventIsAReasonStarting) {
  HardwareTrace trace;
  for (const std::vector<std::string>& reasons : std::vector<std::vector<std::string>>{
           {}, {"thermal"}, {"thermal"}, {"thermal", "power"}, {}, {"thermal"}}) {
    TracePoint p;
    p.sample.throttle_reasons = reasons;
    trace.points.push_back(p);
  }
  const ThrottleEvents events = throttle_events(trace);
  EXPECT_EQ(events.by_reason.at("thermal"), 2);
  EXPECT_EQ(events.by_reason.at("power"), 1);
  EXPECT_EQ(events.total(), 3);
}

}  // namespace
}  // namespace ridgeline
