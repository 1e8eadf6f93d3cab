#include <gtest/gtest.h>

#include <cmath>

#include "analysis/roofline_fit.hpp"
#include "catalogue_records.hpp"

namespace ridgeline {
namespace {

// Points on min(peak, I * bandwidth) at I = 1/8 .. 256, each scaled by `noise[i]`.
std::vector<SweepPoint> on_roof(double peak, double bandwidth, std::vector<double> noise = {}) {
  std::vector<SweepPoint> points;
  for (int e = -3; e <= 8; ++e) {
    const double intensity = std::ldexp(1.0, e);
    const std::size_t i = points.size();
    const double scale = i < noise.size() ? noise[i] : 1.0;
    points.push_back({"intensity/fp32/ai:" + std::to_string(intensity), intensity,
                      std::min(peak, intensity * bandwidth) * scale});
  }
  return points;
}

TEST(RooflineFit, RecoversAnExactRoof) {
  const auto fit = fit_roofline("fp32", on_roof(400, 20));
  ASSERT_TRUE(fit);
  EXPECT_NEAR(fit->peak_gflops, 400, 1e-9);
  EXPECT_NEAR(fit->bandwidth_gbs, 20, 1e-9);
  EXPECT_NEAR(fit->ridge, 20, 1e-9);
  EXPECT_TRUE(fit->ridge_in_sweep);
  EXPECT_NEAR(fit->rms_log10_error, 0, 1e-12);
  ASSERT_EQ(fit->points.size(), 12u);
  for (const auto& p : fit->points) EXPECT_NEAR(p.deviation, 0, 1e-9);
}

TEST(RooflineFit, RidgeBetweenSweepPointsIsFound) {
  // Ridge at 300 / 40 = 7.5 flop/byte, between the points at 4 and 8.
  const auto fit = fit_roofline("fp64", on_roof(300, 40));
  ASSERT_TRUE(fit);
  EXPECT_NEAR(fit->ridge, 7.5, 1e-9);
  EXPECT_NEAR(fit->peak_gflops, 300, 1e-9);
}

TEST(RooflineFit, NoisyPointsGiveTheGeometricCompromiseAndTheirDeviation) {
  // Alternating +-10% noise: log-space least squares lands between, near the truth.
  std::vector<double> noise;
  for (int i = 0; i < 12; ++i) noise.push_back(i % 2 ? 1.1 : 1 / 1.1);
  const auto fit = fit_roofline("fp32", on_roof(400, 20, noise));
  ASSERT_TRUE(fit);
  EXPECT_NEAR(fit->peak_gflops, 400, 400 * 0.05);
  EXPECT_NEAR(fit->bandwidth_gbs, 20, 20 * 0.05);
  EXPECT_GT(fit->rms_log10_error, 0.03);
  for (const auto& p : fit->points)
    EXPECT_NEAR(p.deviation, p.point.gflops / p.roof_gflops - 1, 1e-12);
}

TEST(RooflineFit, OneSlowPointShowsAsItsDeviation) {
  auto points = on_roof(400, 20);
  points[10].gflops *= 0.5;  // I = 128: half the plateau
  const auto fit = fit_roofline("fp32", points);
  ASSERT_TRUE(fit);
  EXPECT_LT(fit->points[10].deviation, -0.4);
  EXPECT_GT(fit->points[11].deviation, 0);  // the roof came down a little for everyone
}

TEST(RooflineFit, AllPointsOnThePlateauOnlyBoundTheRidge) {
  std::vector<SweepPoint> points{{"a", 4, 100}, {"b", 8, 100}, {"c", 16, 100}};
  const auto fit = fit_roofline("fp32", points);
  ASSERT_TRUE(fit);
  EXPECT_FALSE(fit->ridge_in_sweep);
  EXPECT_NEAR(fit->peak_gflops, 100, 1e-9);
  EXPECT_LE(fit->ridge, 4 + 1e-9);
}

TEST(RooflineFit, AllPointsOnTheSlopeOnlyBoundTheRidge) {
  std::vector<SweepPoint> points{{"a", 0.25, 5}, {"b", 0.5, 10}, {"c", 1, 20}};
  const auto fit = fit_roofline("fp32", points);
  ASSERT_TRUE(fit);
  EXPECT_FALSE(fit->ridge_in_sweep);
  EXPECT_NEAR(fit->bandwidth_gbs, 20, 1e-9);
  EXPECT_GE(fit->ridge, 1 - 1e-9);
}

TEST(RooflineFit, TooFewPointsGiveNoFit) {
  EXPECT_FALSE(fit_roofline("fp32", std::vector<SweepPoint>{}));
  EXPECT_FALSE(fit_roofline("fp32", std::vector<SweepPoint>{{"a", 2, 10}}));
  EXPECT_FALSE(fit_roofline("fp32", std::vector<SweepPoint>{{"a", 2, 10}, {"b", 2, 11}}));
  EXPECT_FALSE(fit_roofline("fp32", std::vector<SweepPoint>{{"a", 2, 10}, {"b", 4, 0}}));
}

BenchmarkRecord sweep_record(const std::string& dtype, double bytes, double flops, double seconds) {
  BenchmarkRecord r = testing::catalogue_record("intensity", dtype, bytes, flops, seconds,
                                                "/ai:" + std::to_string(flops / bytes));
  r.params[param_keys::kFlopPerByte] = 999;  // the nominal value; the declared ratio wins
  r.sample_seconds = {seconds, seconds};
  return r;
}

TEST(RooflineFit, SweepsComeFromPassedIntensityBenchmarksByDtype) {
  ResultFile run;
  run.benchmarks.push_back(sweep_record("fp32", 8e9, 16e9, 1));  // 2 flop/B, 16 GFLOP/s
  run.benchmarks.push_back(sweep_record("fp32", 8e9, 1e9, 1));   // 0.125 flop/B
  run.benchmarks.push_back(sweep_record("fp64", 16e9, 32e9, 2));
  auto failed = sweep_record("fp64", 16e9, 64e9, 1);
  failed.status = BenchStatus::failed;
  run.benchmarks.push_back(failed);
  // An integer sweep, as a foreign or future file might hold: not a flop roofline.
  auto integer = sweep_record("fp32", 8e9, 8e9, 1);
  integer.dtype = DType::int32;
  integer.unit = RateUnit::gigaops;
  run.benchmarks.push_back(integer);

  const auto sweeps = intensity_sweeps(run);
  ASSERT_EQ(sweeps.size(), 2u);
  const auto& fp32 = sweeps.at("fp32");
  ASSERT_EQ(fp32.size(), 2u);
  EXPECT_DOUBLE_EQ(fp32[0].flop_per_byte, 0.125);
  EXPECT_DOUBLE_EQ(fp32[1].flop_per_byte, 2);
  EXPECT_DOUBLE_EQ(fp32[1].gflops, 16);
  EXPECT_EQ(sweeps.at("fp64").size(), 1u);
  const auto fits = fit_rooflines(run);
  ASSERT_EQ(fits.size(), 1u);  // fp64 has one point: no fit
  EXPECT_EQ(fits[0].dtype, "fp32");
}

}  // namespace
}  // namespace ridgeline
