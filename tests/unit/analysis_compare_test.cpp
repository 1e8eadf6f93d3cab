#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "analysis/compare.hpp"
#include "catalogue_records.hpp"

namespace ridgeline {
namespace {

// Per-repetition times around `seconds`, spread +-spread/2 evenly, so the relative IQR
// is about spread/2 and the median is `seconds`.
std::vector<double> spread_samples(double seconds, int n, double spread) {
  std::vector<double> out;
  for (int i = 0; i < n; ++i) {
    const double at = n == 1 ? 0.0 : static_cast<double>(i) / (n - 1) - 0.5;  // -0.5 .. 0.5
    out.push_back(seconds * (1 + spread * at));
  }
  return out;
}

// `name` is "<memory kernel>/fp64"; 24 GB per call, so 1 s is 24 GB/s.
BenchmarkRecord memory_record(const std::string& name, std::vector<double> seconds) {
  BenchmarkRecord r =
      testing::catalogue_record(name.substr(0, name.find('/')), "fp64", 24e9, 0, 1.0);
  r.sample_seconds = std::move(seconds);
  return r;
}

ResultFile run_of(std::vector<BenchmarkRecord> records) {
  ResultFile f;
  f.kind = FileKind::run;
  f.device.name = "Example CPU";
  f.device.backend = "cpu";
  f.device.clock_mhz = 2500;
  f.benchmarks = std::move(records);
  return f;
}

const SampleComparison& samples_of(const CompareOutcome& o) {
  EXPECT_TRUE(std::holds_alternative<SampleComparison>(o));
  return std::get<SampleComparison>(o);
}

CompareVerdict verdict_for(double base_seconds, double new_seconds, int repetitions,
                           double spread) {
  const auto base =
      run_of({memory_record("triad/fp64", spread_samples(base_seconds, repetitions, spread))});
  const auto candidate =
      run_of({memory_record("triad/fp64", spread_samples(new_seconds, repetitions, spread))});
  const auto outcome = compare_results(base, candidate);
  return samples_of(outcome).benchmarks.at(0).verdict;
}

TEST(Compare, IdenticalRunsAreTheSame) {
  const auto run = run_of({memory_record("triad/fp64", spread_samples(1.0, 10, 0.02)),
                           memory_record("copy/fp64", spread_samples(0.5, 10, 0.02))});
  const auto outcome = compare_results(run, run);
  const auto& s = samples_of(outcome);
  ASSERT_EQ(s.benchmarks.size(), 2u);
  for (const auto& b : s.benchmarks) {
    EXPECT_EQ(b.verdict, CompareVerdict::same);
    EXPECT_DOUBLE_EQ(*b.ratio, 1.0);
    EXPECT_EQ(b.metric, Metric::rate);
    EXPECT_EQ(b.unit, RateUnit::gigabytes);
  }
  EXPECT_EQ(s.common_count, 2u);
  EXPECT_EQ(s.geomean_count, 2u);
  EXPECT_DOUBLE_EQ(*s.geomean_ratio, 1.0);
  EXPECT_TRUE(s.environment_differences.empty());
}

TEST(Compare, IdenticalMediansAreTheSameHoweverNoisy) {
  // A file compared with itself: 40% spread, so NOISY if the spread decided first.
  EXPECT_EQ(verdict_for(1.0, 1.0, 10, 0.4), CompareVerdict::same);
  // Different samples with the same median: nothing moved either.
  const auto base = run_of({memory_record("triad/fp64", {0.6, 1.0, 1.4})});
  const auto candidate = run_of({memory_record("triad/fp64", {0.9, 1.0, 1.1})});
  EXPECT_EQ(samples_of(compare_results(base, candidate)).benchmarks.at(0).verdict,
            CompareVerdict::same);
}

TEST(Compare, OneSampleHasUnknownNoise) {
  const auto base = run_of({memory_record("triad/fp64", {1.0})});
  const auto candidate = run_of({memory_record("triad/fp64", spread_samples(1.0, 5, 0.02))});
  const auto outcome = compare_results(base, candidate);
  const auto& b = samples_of(outcome).benchmarks.at(0);
  ASSERT_TRUE(b.base && b.candidate);
  EXPECT_FALSE(b.base->noise.has_value());  // unknown, not 0
  ASSERT_TRUE(b.candidate->noise.has_value());
  EXPECT_GT(*b.candidate->noise, 0);
  EXPECT_EQ(b.note, "BASE has one sample: its noise is unknown");
  const auto both = compare_results(base, base);
  EXPECT_EQ(samples_of(both).benchmarks.at(0).note, "one sample each: noise unknown");
}

TEST(Compare, RatesHigherIsBetter) {
  // A shorter time is a higher rate: faster. 10 vs 10 samples, 2% spread.
  EXPECT_EQ(verdict_for(1.0, 1.0 / 1.2, 10, 0.02), CompareVerdict::faster);
  EXPECT_EQ(verdict_for(1.0, 1.0 / 0.8, 10, 0.02), CompareVerdict::slower);
  EXPECT_EQ(verdict_for(1.0, 1.0 / 1.03, 10, 0.02),
            CompareVerdict::same);  // below the 5% threshold
}

TEST(Compare, ChangeIsTheRateRatio) {
  const auto base = run_of({memory_record("triad/fp64", spread_samples(1.0, 10, 0.02))});
  const auto candidate = run_of({memory_record("triad/fp64", spread_samples(0.8, 10, 0.02))});
  const auto outcome = compare_results(base, candidate);
  const auto& b = samples_of(outcome).benchmarks.at(0);
  EXPECT_NEAR(b.base->median, 24, 1e-9);
  EXPECT_NEAR(b.candidate->median, 30, 1e-9);
  EXPECT_NEAR(*b.ratio, 1.25, 1e-12);
  EXPECT_NEAR(*samples_of(outcome).geomean_ratio, 1.25, 1e-12);
}

TEST(Compare, TooFewRepetitionsAreUncertain) {
  EXPECT_EQ(verdict_for(1.0, 1.0 / 1.2, 3, 0.02), CompareVerdict::uncertain);  // best p is 0.1
}

TEST(Compare, NoiseHidesAShiftInsideIt) {
  // 40% spread: relative IQR ~20%; a 10% shift is inside it.
  EXPECT_EQ(verdict_for(1.0, 1.0 / 1.1, 10, 0.4), CompareVerdict::noisy);
  EXPECT_EQ(verdict_for(1.0, 1.0 / 1.01, 10, 0.4), CompareVerdict::noisy);
  // A 2x slowdown stands out of 20% noise: still a regression, not hidden as NOISY.
  EXPECT_EQ(verdict_for(1.0, 2.0, 10, 0.4), CompareVerdict::slower);
}

TEST(Compare, ThresholdAndAlphaAreOptions) {
  const auto base = run_of({memory_record("triad/fp64", spread_samples(1.0, 10, 0.02))});
  const auto candidate =
      run_of({memory_record("triad/fp64", spread_samples(1.0 / 1.08, 10, 0.02))});
  EXPECT_EQ(samples_of(compare_results(base, candidate)).benchmarks[0].verdict,
            CompareVerdict::faster);
  EXPECT_EQ(samples_of(compare_results(base, candidate, {0.10, 0.01})).benchmarks[0].verdict,
            CompareVerdict::same);
  EXPECT_EQ(samples_of(compare_results(base, candidate, {0.05, 1e-9})).benchmarks[0].verdict,
            CompareVerdict::uncertain);
}

TEST(Compare, FailedMissingAndNew) {
  auto broken = memory_record("copy/fp64", {});
  broken.status = BenchStatus::failed;
  broken.reason = "wrong result at element 7";
  const auto base = run_of({memory_record("triad/fp64", spread_samples(1.0, 5, 0.02)),
                            memory_record("copy/fp64", spread_samples(1.0, 5, 0.02)),
                            memory_record("read/fp64", spread_samples(1.0, 5, 0.02))});
  const auto candidate = run_of({memory_record("triad/fp64", spread_samples(1.0, 5, 0.02)), broken,
                                 memory_record("write/fp64", spread_samples(1.0, 5, 0.02))});
  const auto outcome = compare_results(base, candidate);
  const auto& s = samples_of(outcome);
  ASSERT_EQ(s.benchmarks.size(), 4u);
  EXPECT_EQ(s.benchmarks[0].verdict, CompareVerdict::same);
  EXPECT_EQ(s.benchmarks[1].verdict, CompareVerdict::failed);
  EXPECT_EQ(s.benchmarks[1].note, "NEW failed: wrong result at element 7");
  EXPECT_EQ(s.benchmarks[2].name, "read/fp64");
  EXPECT_EQ(s.benchmarks[2].verdict, CompareVerdict::missing);
  // The side a one-sided row has is shown: its median, noise and unit.
  ASSERT_TRUE(s.benchmarks[2].base.has_value());
  EXPECT_FALSE(s.benchmarks[2].candidate.has_value());
  EXPECT_NEAR(s.benchmarks[2].base->median, 24, 1e-9);
  EXPECT_EQ(s.benchmarks[2].unit, RateUnit::gigabytes);
  EXPECT_FALSE(s.benchmarks[2].ratio.has_value());
  EXPECT_EQ(s.benchmarks[3].name, "write/fp64");
  EXPECT_EQ(s.benchmarks[3].verdict, CompareVerdict::added);
  ASSERT_TRUE(s.benchmarks[3].candidate.has_value());
  EXPECT_FALSE(s.benchmarks[3].base.has_value());
  EXPECT_NEAR(s.benchmarks[3].candidate->median, 24, 1e-9);
  EXPECT_EQ(s.common_count, 2u);
  EXPECT_EQ(s.geomean_count, 1u);  // only triad was measured on both sides
}

TEST(Compare, PlainGoogleBenchmarkFilesCompareTimes) {
  BenchmarkRecord r;
  r.name = "BM_Copy/1024";
  r.sample_seconds = spread_samples(200e-9, 10, 0.02);
  ResultFile base;
  base.kind = FileKind::gbench;
  base.benchmarks = {r};
  ResultFile candidate = base;
  candidate.benchmarks[0].sample_seconds = spread_samples(250e-9, 10, 0.02);
  const auto outcome = compare_results(base, candidate);
  const auto& b = samples_of(outcome).benchmarks.at(0);
  EXPECT_EQ(b.metric, Metric::time);  // in ns per call
  EXPECT_EQ(b.unit, std::nullopt);
  EXPECT_NEAR(b.base->median, 200, 1e-9);
  EXPECT_NEAR(*b.ratio, 1.25, 1e-12);
  EXPECT_EQ(b.verdict, CompareVerdict::slower);  // more time per call
}

TEST(Compare, KindsThatDoNotMix) {
  ResultFile gbench;
  gbench.kind = FileKind::gbench;
  ResultFile datasheet;
  datasheet.kind = FileKind::datasheet;
  datasheet.datasheet = Datasheet{};
  const auto run = run_of({});
  EXPECT_TRUE(std::holds_alternative<Incomparable>(compare_results(run, gbench)));
  EXPECT_TRUE(std::holds_alternative<Incomparable>(compare_results(gbench, run)));
  EXPECT_TRUE(std::holds_alternative<Incomparable>(compare_results(gbench, datasheet)));
}

TEST(Compare, EnvironmentDifferencesAreNamed) {
  const auto base = run_of({memory_record("triad/fp64", spread_samples(1.0, 5, 0.02))});
  auto candidate = base;
  candidate.device.clock_mhz = 2510;  // within 1%: the same nominal clock read again
  EXPECT_TRUE(samples_of(compare_results(base, candidate)).environment_differences.empty());
  candidate.device.clock_mhz = 3000;
  candidate.device.extra["driver"] = "550.54";
  const auto outcome = compare_results(base, candidate);
  const auto& d = samples_of(outcome).environment_differences;
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0], "clock 2500 vs 3000 MHz");
  EXPECT_EQ(d[1], "driver unknown vs '550.54'");
}

ResultFile datasheet_of(double bandwidth_tbps, double fp32_tflops) {
  ResultFile f;
  f.kind = FileKind::datasheet;
  Datasheet d;
  d.id = "example-chip";
  d.memory_bandwidth_tbps = bandwidth_tbps;
  d.peak_tflops["fp32"] = fp32_tflops;
  f.datasheet = d;
  return f;
}

TEST(Compare, AgainstADatasheetComparesCeilings) {
  auto compute = testing::catalogue_record("peak_fma", "fp32", 0, 500e9, 1.0);  // 500 GFLOP/s
  compute.sample_seconds = spread_samples(1.0, 5, 0.02);
  auto bandwidth = memory_record("triad/fp64", spread_samples(1.0, 5, 0.02));  // 24 GB/s
  const auto run = run_of({bandwidth, compute});
  const auto chip = datasheet_of(0.1, 1.0);  // 100 GB/s, 1000 GFLOP/s

  for (const bool datasheet_is_base : {false, true}) {
    const auto outcome =
        datasheet_is_base ? compare_results(chip, run) : compare_results(run, chip);
    ASSERT_TRUE(std::holds_alternative<CeilingComparison>(outcome));
    const auto& c = std::get<CeilingComparison>(outcome);
    EXPECT_EQ(c.reference_is_base, datasheet_is_base);
    EXPECT_FALSE(c.subject_is_datasheet);
    ASSERT_EQ(c.rows.size(), 3u);
    EXPECT_EQ(c.common_count, 3u);
    EXPECT_EQ(c.rows[0].ceiling, "memory bandwidth");
    EXPECT_NEAR(*c.rows[0].measured, 24, 1e-9);
    EXPECT_NEAR(*c.rows[0].reference, 100, 1e-9);
    EXPECT_NEAR(*c.rows[0].ratio, 0.24, 1e-12);
    EXPECT_EQ(c.rows[1].ceiling, "fp32 compute");
    EXPECT_NEAR(*c.rows[1].ratio, 0.5, 1e-12);
    EXPECT_EQ(c.rows[2].ceiling, "fp32 ridge");
    EXPECT_EQ(c.rows[2].kind, CeilingKind::ridge);
    EXPECT_EQ(c.rows[2].unit, std::nullopt);  // flop per byte
    EXPECT_NEAR(*c.rows[2].measured, 500.0 / 24, 1e-9);
    EXPECT_NEAR(*c.rows[2].reference, 10, 1e-9);
  }
}

TEST(Compare, TwoDatasheetsSayTheSubjectIsOne) {
  const auto outcome = compare_results(datasheet_of(0.1, 1.0), datasheet_of(0.2, 1.0));
  const auto& c = std::get<CeilingComparison>(outcome);
  EXPECT_TRUE(c.reference_is_base);
  EXPECT_TRUE(c.subject_is_datasheet);
}

TEST(Compare, CeilingKnownOnOneSideStaysUnknownOnTheOther) {
  auto chip = datasheet_of(0.1, 1.0);
  chip.datasheet->peak_tflops["bf16"] = 8.0;
  const auto outcome = compare_results(run_of({memory_record("triad/fp64", {1.0})}), chip);
  const auto& c = std::get<CeilingComparison>(outcome);
  EXPECT_EQ(c.common_count, 1u);  // bandwidth only
  for (const auto& row : c.rows)
    if (row.ceiling != "memory bandwidth") {
      EXPECT_FALSE(row.measured);
      EXPECT_FALSE(row.ratio);
      EXPECT_TRUE(row.reference);
    }
}

}  // namespace
}  // namespace ridgeline
