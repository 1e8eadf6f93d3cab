// The run's self-check: which numbers it flags, and which it leaves alone.
#include <gtest/gtest.h>

#include <algorithm>

#include "analysis/run_checks.hpp"
#include "catalogue_records.hpp"

namespace ridgeline {
namespace {

BenchmarkRecord steady(BenchmarkRecord r, double seconds) {
  r.sample_seconds = {seconds, seconds, seconds};  // no spread: not noisy
  return r;
}

// A CPU run with a 32 MiB last-level cache.
ResultFile cpu_run(std::vector<BenchmarkRecord> records) {
  ResultFile f;
  f.kind = FileKind::run;
  f.device.backend = "cpu";
  f.device.caches = {{3, "unified", 32u << 20, 2, 1}};
  f.host.cpus = 2;
  f.benchmarks = std::move(records);
  return f;
}

// peak_fma/fp32 at `peak` GFLOP/s and the fp32 sweep point at 64 flop/byte at `sweep`.
ResultFile peak_and_sweep(double peak, double sweep) {
  auto p = steady(testing::catalogue_record("peak_fma", "fp32", 0, peak * 1e9, 1.0), 1.0);
  auto s =
      steady(testing::catalogue_record("intensity", "fp32", 1e9, sweep * 1e9, 1.0, "/ai:64"), 1.0);
  s.array_bytes = 1u << 30;  // DRAM-sized: only the peak check may speak
  return cpu_run({p, s});
}

const RunFinding* find(const std::vector<RunFinding>& findings, WarningKind kind) {
  const auto it = std::find_if(findings.begin(), findings.end(),
                               [&](const RunFinding& f) { return f.kind == kind; });
  return it == findings.end() ? nullptr : &*it;
}

TEST(RunChecks, ASweepPointAboveItsPeakByMoreThanFivePercentIsFlagged) {
  // The loaded machine: peak_fma/fp32 15.7 GFLOP/s, the sweep 528.
  const auto findings = check_run(peak_and_sweep(15.7, 528));
  const RunFinding* f = find(findings, WarningKind::above_peak);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->benchmarks, std::vector<std::string>{"intensity/fp32/ai:64"});
  EXPECT_NEAR(f->values.at(0), 528, 1e-9);
  EXPECT_EQ(f->reference, "peak_fma/fp32");
  EXPECT_NEAR(f->reference_value, 15.7, 1e-9);
  EXPECT_EQ(f->unit, RateUnit::gigaflops);
  EXPECT_EQ(findings.size(), 1u);
}

TEST(RunChecks, ASweepPointWithinFivePercentOfItsPeakIsNot) {
  EXPECT_EQ(find(check_run(peak_and_sweep(500, 524)), WarningKind::above_peak), nullptr);
  EXPECT_NE(find(check_run(peak_and_sweep(500, 526)), WarningKind::above_peak), nullptr);
  EXPECT_EQ(find(check_run(peak_and_sweep(500, 400)), WarningKind::above_peak), nullptr);
}

TEST(RunChecks, AWorkingSetInTheLastLevelCacheIsFlagged) {
  // triad holds three arrays: 3 x 8 MiB fits in 32 MiB; 3 x 16 MiB does not.
  auto small = steady(testing::catalogue_record("triad", "fp64", 1e6, 0, 1e-3), 1e-3);
  small.array_bytes = 8u << 20;
  auto large = steady(testing::catalogue_record("copy", "fp64", 1e6, 0, 1e-3), 1e-3);
  large.array_bytes = 16u << 20;  // two arrays: 32 MiB, the whole cache: still fits
  auto dram = steady(testing::catalogue_record("add", "fp64", 1e6, 0, 1e-3), 1e-3);
  dram.array_bytes = 16u << 20;  // three arrays: 48 MiB
  auto sweep_point = small;      // a deliberate cache-sweep point says nothing
  sweep_point.name = "triad/fp64/array_bytes:8388608";
  sweep_point.params[param_keys::kSweep] = param_keys::kWorkingSetSweep;
  const auto findings = check_run(cpu_run({small, large, dram, sweep_point}));
  const RunFinding* f = find(findings, WarningKind::fits_in_cache);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->benchmarks, (std::vector<std::string>{"copy/fp64", "triad/fp64"}));  // largest first
  EXPECT_DOUBLE_EQ(f->values.at(0), 32.0 * (1 << 20));
  EXPECT_DOUBLE_EQ(f->reference_value, 32.0 * (1 << 20));
}

TEST(RunChecks, NoCacheSizeNoCacheWarning) {
  auto r = steady(testing::catalogue_record("triad", "fp64", 1e6, 0, 1e-3), 1e-3);
  r.array_bytes = 1024;
  ResultFile f = cpu_run({r});
  f.device.caches.clear();
  EXPECT_EQ(find(check_run(f), WarningKind::fits_in_cache), nullptr);
}

TEST(RunChecks, NoiseAboveFivePercentIsFlagged) {
  auto quiet = testing::catalogue_record("peak_fma", "fp32", 0, 1e9, 1.0);
  quiet.sample_seconds = {1.0, 1.01, 0.99, 1.0, 1.02};  // IQR 2% of the median
  auto loud = testing::catalogue_record("peak_fma", "fp64", 0, 1e9, 1.0);
  loud.sample_seconds = {1.0, 1.3, 0.8, 1.1, 0.9};
  auto one = testing::catalogue_record("peak_fma", "int32", 0, 1e9, 1.0);
  one.sample_seconds = {1.0};  // one sample: noise unknown, not flagged
  const auto findings = check_run(cpu_run({quiet, loud, one}));
  const RunFinding* f = find(findings, WarningKind::noisy);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->benchmarks, std::vector<std::string>{"peak_fma/fp64"});
  EXPECT_GT(f->values.at(0), 0.05);
}

TEST(RunChecks, OthersTakingTheHostsCpuIsFlaggedOnACpuRun) {
  auto busy = steady(testing::catalogue_record("peak_fma", "fp32", 0, 1e9, 1.0), 1.0);
  busy.host_busy_share = 0.45;
  auto calm = steady(testing::catalogue_record("peak_fma", "fp64", 0, 1e9, 1.0), 1.0);
  calm.host_busy_share = 0.02;
  ResultFile run = cpu_run({calm, busy});
  run.run.host_at_start.load_avg = {3.2, 2.0, 1.0};
  const auto findings = check_run(run);
  const RunFinding* f = find(findings, WarningKind::busy_host);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->benchmarks, std::vector<std::string>{"peak_fma/fp32"});
  EXPECT_DOUBLE_EQ(f->values.at(0), 0.45);
  EXPECT_DOUBLE_EQ(f->load_avg.at(0), 3.2);
  EXPECT_EQ(f->cpus, 2);

  // A GPU's timings are taken on the device: the host's load is recorded, not flagged.
  run.device.backend = "cuda";
  EXPECT_EQ(find(check_run(run), WarningKind::busy_host), nullptr);
}

TEST(RunChecks, WithoutCpuAccountingTheStartingLoadAverageDecides) {
  ResultFile run = cpu_run({steady(testing::catalogue_record("peak_fma", "fp32", 0, 1e9, 1), 1)});
  run.run.host_at_start.load_avg = {0.9, 0.5, 0.2};  // under half of 2 CPUs
  EXPECT_EQ(find(check_run(run), WarningKind::busy_host), nullptr);
  run.run.host_at_start.load_avg = {1.0, 0.5, 0.2};
  const auto findings = check_run(run);
  const RunFinding* f = find(findings, WarningKind::busy_host);
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(f->benchmarks.empty());
}

TEST(RunChecks, AGovernorOtherThanPerformanceIsFlagged) {
  ResultFile run = cpu_run({});
  run.run.host_at_start.cpu_governor = "performance";
  EXPECT_TRUE(check_run(run).empty());
  run.run.host_at_start.cpu_governor = "powersave";
  const auto findings = check_run(run);
  const RunFinding* f = find(findings, WarningKind::frequency_scaling);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->governor, "powersave");
  run.run.host_at_start.cpu_governor.clear();  // unknown (a VM): nothing to say
  EXPECT_TRUE(check_run(run).empty());
}

TEST(RunChecks, ADatasheetIsNotARun) {
  ResultFile chip;
  chip.kind = FileKind::datasheet;
  chip.run.host_at_start.cpu_governor = "powersave";
  EXPECT_TRUE(check_run(chip).empty());
}

}  // namespace
}  // namespace ridgeline
