// The self-check's findings as the lines a run prints and keeps.
#include <gtest/gtest.h>

#include "report/run_warnings.hpp"

namespace ridgeline {
namespace {

TEST(RunWarnings, AbovePeakNamesTheSweepPointThePeakAndTheRatio) {
  RunFinding f;
  f.kind = WarningKind::above_peak;
  f.benchmarks = {"intensity/fp32/ai:64"};
  f.values = {528};
  f.unit = RateUnit::gigaflops;
  f.reference = "peak_fma/fp32";
  f.reference_value = 15.7;
  const RunWarning w = word_finding(f);
  EXPECT_EQ(w.kind, WarningKind::above_peak);
  EXPECT_EQ(w.message,
            "intensity/fp32/ai:64 reached 528 GFLOP/s, 33.6x the compute ceiling peak_fma/fp32 "
            "(15.7 GFLOP/s): the peak kernel ran slow (a busy machine or a lowered clock), so "
            "that ceiling and the ridge point from it are too low");
  // The peak benchmark is one of those the warning is about.
  EXPECT_EQ(w.benchmarks, (std::vector<std::string>{"intensity/fp32/ai:64", "peak_fma/fp32"}));
  f.values = {550};
  f.reference_value = 500;
  EXPECT_NE(word_finding(f).message.find("550 GFLOP/s, 10.0% above the compute ceiling"),
            std::string::npos);
}

TEST(RunWarnings, ListsNameFourBenchmarksAndCountTheRest) {
  RunFinding f;
  f.kind = WarningKind::noisy;
  f.limit = 0.05;
  f.benchmarks = {"a/fp64", "b/fp64", "c/fp64", "d/fp64", "e/fp64", "f/fp64"};
  f.values = {0.31, 0.2, 0.1, 0.08, 0.07, 0.06};
  EXPECT_EQ(word_finding(f).message,
            "6 benchmarks are noisy, samples spread more than 5% of the median (IQR): a/fp64 "
            "31.0%, b/fp64 20.0%, c/fp64 10.0%, d/fp64 8.00% and 2 more; compare calls a change "
            "inside that spread NOISY (more --repetitions or a quieter machine help)");
}

TEST(RunWarnings, CacheAndHostLines) {
  RunFinding cache;
  cache.kind = WarningKind::fits_in_cache;
  cache.benchmarks = {"triad/fp64"};
  cache.values = {6.0 * (1 << 20)};
  cache.reference_value = 32.0 * (1 << 20);
  EXPECT_EQ(word_finding(cache).message.substr(0, 81),
            "triad/fp64 works on at most 6.00 MiB, which fits in the 32.0 MiB last-level cache");

  RunFinding busy;
  busy.kind = WarningKind::busy_host;
  busy.limit = 0.1;
  busy.benchmarks = {"peak_fma/fp32"};
  busy.values = {0.45};
  busy.load_avg = {3.2, 2, 1};
  busy.cpus = 2;
  EXPECT_EQ(word_finding(busy).message,
            "the host was busy: other processes took more than 10% of its CPU time during 1 "
            "benchmark: peak_fma/fp32 45.0%; load average 3.20 at the start on 2 CPUs; their "
            "rates may be low and noisy");

  RunFinding governor;
  governor.kind = WarningKind::frequency_scaling;
  governor.governor = "powersave";
  EXPECT_EQ(word_finding(governor).message,
            "the cpufreq governor is 'powersave', not 'performance': the clock may change "
            "during the run");
}

}  // namespace
}  // namespace ridgeline
