// Measured efficiency carried from a run's own chip to another chip's datasheet.
#include <gtest/gtest.h>

#include "analysis/efficiency.hpp"
#include "analysis/projection.hpp"
#include "catalogue_records.hpp"

namespace ridgeline {
namespace {

ResultFile datasheet(const std::string& id, const std::string& vendor, double tbps,
                     std::map<std::string, double> peaks) {
  ResultFile f;
  f.kind = FileKind::datasheet;
  Datasheet d;
  d.id = id;
  d.vendor = vendor;
  d.memory_bandwidth_tbps = tbps;
  d.peak_tflops = std::move(peaks);
  f.datasheet = d;
  f.device.id = "chip:" + id;
  return f;
}

// A run that reached 4000 GB/s, 700 TFLOP/s bf16 and 60 TFLOP/s fp32.
ResultFile measured_run() {
  ResultFile f;
  f.kind = FileKind::run;
  f.device.backend = "cuda";
  f.device.name = "NVIDIA H200";
  auto bw = testing::catalogue_record("triad", "fp64", 4000e9, 0, 1.0);
  auto bf16 = testing::catalogue_record("wgmma", "bf16", 0, 700e12, 1.0);
  auto fp32 = testing::catalogue_record("peak_fma", "fp32", 0, 60e12, 1.0);
  for (auto* r : {&bw, &bf16, &fp32}) r->sample_seconds = {1.0};
  f.benchmarks = {bw, bf16, fp32};
  return f;
}

TEST(Efficiency, SharesPerCeilingOfTheRunsOwnDatasheet) {
  const auto h200 =
      datasheet("h200", "NVIDIA", 4.8, {{"bf16", 989.4}, {"fp32", 67}, {"fp8", 1979}});
  const Efficiency e = measure_efficiency(measured_run(), h200);
  EXPECT_EQ(e.chip_id, "h200");
  EXPECT_EQ(e.vendor, "NVIDIA");
  ASSERT_TRUE(e.bandwidth);
  EXPECT_NEAR(e.bandwidth->share(), 4000.0 / 4800, 1e-12);
  ASSERT_NE(e.for_dtype("bf16"), nullptr);
  EXPECT_NEAR(e.for_dtype("bf16")->share(), 700.0 / 989.4, 1e-12);
  EXPECT_NEAR(e.for_dtype("fp32")->share(), 60.0 / 67, 1e-12);
  EXPECT_EQ(e.for_dtype("fp8"), nullptr);  // the datasheet states it, the run did not measure it
}

TEST(Efficiency, ScaledCeilingsKeepOnlyWhatHasAShare) {
  const auto h200 = datasheet("h200", "NVIDIA", 4.8, {{"bf16", 989.4}, {"fp32", 67}});
  const auto h20 = datasheet("h20", "NVIDIA", 4.0, {{"bf16", 148}, {"fp32", 44}, {"fp8", 296}});
  const Efficiency e = measure_efficiency(measured_run(), h200);
  const Ceilings c = scaled_ceilings(find_ceilings(h20), e);
  ASSERT_TRUE(c.best_bandwidth);
  EXPECT_NEAR(c.best_bandwidth->value, 4000 * 4000.0 / 4800, 1e-6);  // GB/s
  ASSERT_EQ(c.compute.size(), 2u);  // fp8 has no share: dropped, nothing borrowed
  for (const auto& x : c.compute) {
    const double expected = x.dtype == "bf16" ? 148e3 * 700 / 989.4 : 44e3 * 60 / 67;
    EXPECT_NEAR(x.value, expected, 1e-6) << x.dtype;
  }
  const RidgePoint* ridge = find_ridge(c, "bf16");
  ASSERT_NE(ridge, nullptr);
  EXPECT_NEAR(ridge->flop_per_byte, (148e3 * 700 / 989.4) / (4000 * 4000.0 / 4800), 1e-9);
}

TEST(Efficiency, CarriedProjectionCeilingsSayWhereTheyCameFrom) {
  const auto h200 = datasheet("h200", "NVIDIA", 4.8, {{"bf16", 989.4}});
  const auto h20 = datasheet("h20", "NVIDIA", 4.0, {{"bf16", 148}, {"fp8", 296}});
  const Efficiency e = measure_efficiency(measured_run(), h200);
  const MachineCeilings bf16 = carried_ceilings(h20, "bf16", e);
  ASSERT_TRUE(bf16.carried && bf16.compute && bf16.bandwidth);
  EXPECT_TRUE(bf16.from_datasheet);
  EXPECT_EQ(bf16.carried->chip_id, "h200");
  EXPECT_NEAR(*bf16.carried->compute_share, 700 / 989.4, 1e-12);
  const MachineCeilings fp8 = carried_ceilings(h20, "fp8", e);
  EXPECT_FALSE(fp8.compute);  // no fp8 share measured
  EXPECT_FALSE(fp8.carried->compute_share);
  EXPECT_TRUE(fp8.bandwidth);
}

}  // namespace
}  // namespace ridgeline
