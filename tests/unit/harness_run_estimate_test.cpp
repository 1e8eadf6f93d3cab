// How long a planned run takes: from a previous run's recorded times, else the floor.
#include <gtest/gtest.h>

#include "run_estimate.hpp"

namespace ridgeline {
namespace {

std::vector<PlannedCase> plan_of(std::initializer_list<const char*> names) {
  std::vector<PlannedCase> plan;
  for (const char* name : names) {
    PlannedCase c;
    c.name = name;
    c.spec.kernel = find_kernel("triad");
    plan.push_back(c);
  }
  return plan;
}

BenchmarkRecord recorded(const char* name, double wall, int samples, int calls, double seconds) {
  BenchmarkRecord r;
  r.name = name;
  r.wall_seconds = wall;
  r.calls_per_sample = calls;
  r.sample_seconds.assign(static_cast<std::size_t>(samples), seconds);
  return r;
}

TEST(RunEstimate, WithoutAPreviousRunTheFloorIsRepetitionsTimesTheShortestSample) {
  HarnessOptions o;
  o.repetitions = 10;
  o.min_sample_seconds = 0.02;
  const RunEstimate e = estimate_run(plan_of({"triad/fp64", "copy/fp64"}), o, nullptr, "");
  ASSERT_EQ(e.cases.size(), 2u);
  EXPECT_DOUBLE_EQ(e.cases[0].seconds, 0.2);
  EXPECT_FALSE(e.cases[0].recorded);
  EXPECT_DOUBLE_EQ(e.total_seconds(), 0.4);
  EXPECT_EQ(e.recorded_count(), 0u);
  EXPECT_TRUE(e.previous.empty());
}

TEST(RunEstimate, APreviousRunsTimesAdjustForTheRepetitionCount) {
  ResultFile previous;
  previous.run.repetitions = 5;
  // 2.0 s for 5 samples of 4 calls x 25 ms: each sample is 0.1 s.
  previous.benchmarks = {recorded("triad/fp64", 2.0, 5, 4, 0.025)};
  HarnessOptions o;
  o.repetitions = 10;
  const RunEstimate e =
      estimate_run(plan_of({"triad/fp64", "copy/fp64"}), o, &previous, "results/old.json");
  EXPECT_TRUE(e.cases[0].recorded);
  EXPECT_NEAR(e.cases[0].seconds, 2.0 + 5 * 0.1, 1e-12);  // five more samples
  EXPECT_FALSE(e.cases[1].recorded);                      // not in the old file: the floor
  EXPECT_EQ(e.recorded_count(), 1u);
  EXPECT_EQ(e.previous, "results/old.json");
}

TEST(RunEstimate, TheClockScalesWhatIsLeftByWhatTheFinishedOnesTook) {
  HarnessOptions o;
  o.repetitions = 10;
  o.min_sample_seconds = 0.02;
  RunClock clock(estimate_run(plan_of({"a/fp64", "b/fp64", "c/fp64"}), o, nullptr, ""));
  EXPECT_DOUBLE_EQ(clock.seconds_left(0), 0.4);  // nothing finished: the estimates as they are
  clock.finished(0, 0.6);                        // three times the estimate
  EXPECT_NEAR(clock.seconds_left(0), 1.2, 1e-12);
  clock.finished(1, 0.6);
  EXPECT_NEAR(clock.seconds_left(1), 0.6, 1e-12);
  EXPECT_DOUBLE_EQ(clock.seconds_left(2), 0.0);
}

}  // namespace
}  // namespace ridgeline
