#include <gtest/gtest.h>

#include "analysis/ceilings.hpp"
#include "analysis/clock_efficiency.hpp"
#include "analysis/datasheet_match.hpp"
#include "analysis/matrix_summary.hpp"
#include "catalogue_records.hpp"

namespace ridgeline {
namespace {

// One second per call, so the median rate is flops / 1e9 GFLOP/s.
BenchmarkRecord record(const std::string& name, double flops, double bytes = 0) {
  BenchmarkRecord r = testing::catalogue_record(name, bytes, flops, 1.0);
  r.sample_seconds = {1.0, 1.0, 1.0};
  return r;
}

ResultFile hopper_like_run() {
  ResultFile run;
  run.benchmarks.push_back(record("triad/fp32", 0, 3000e9));
  run.benchmarks.push_back(record("peak_fma/bf16", 100e12));
  auto mma = record("mma/bf16", 600e12);
  mma.peak_per_mhz = 540.672;  // 132 SMs x 2048 x 2 / 1000
  mma.conditions = RunConditions{"nvml", 40, Spread{1780, 1880, 1980}, {}, {}, {}, {}};
  run.benchmarks.push_back(mma);
  run.benchmarks.push_back(record("wgmma/bf16", 900e12));
  run.benchmarks.push_back(record("gemm/bf16/m:8192/n:8192/k:8192", 720e12));
  run.benchmarks.push_back(record("gemm/bf16/m:1/n:4096/k:4096", 1e12));
  run.benchmarks.push_back(record("wgmma/fp8_e4m3", 1800e12));
  auto failed = record("wgmma/fp8_e5m2", 5000e12);
  failed.status = BenchStatus::failed;  // a wrong answer is never the best rate
  run.benchmarks.push_back(failed);
  return run;
}

TEST(MatrixSummary, BestPureAndGemmPerDtype) {
  Datasheet sheet;
  sheet.id = "nvidia-h100-sxm5";
  sheet.peak_tflops = {{"bf16", 989.4}, {"fp8", 1978.9}};
  const auto rows = matrix_summary(hopper_like_run(), &sheet);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].dtype, "bf16");
  ASSERT_TRUE(rows[0].pure && rows[0].gemm);
  EXPECT_EQ(rows[0].pure->benchmark, "wgmma/bf16");
  EXPECT_EQ(rows[0].gemm->benchmark, "gemm/bf16/m:8192/n:8192/k:8192");
  EXPECT_NEAR(*rows[0].gemm_over_pure, 0.8, 1e-12);
  EXPECT_NEAR(*rows[0].pure_percent_of_datasheet, 900.0 / 989.4 * 100, 1e-9);
  EXPECT_NEAR(*rows[0].gemm_percent_of_datasheet, 720.0 / 989.4 * 100, 1e-9);
  // The best pure benchmark (wgmma) recorded no clock: no % at clock is made up.
  EXPECT_FALSE(rows[0].pure_percent_at_clock);

  EXPECT_EQ(rows[1].dtype, "fp8_e4m3");  // the datasheet's "fp8" serves both formats
  EXPECT_NEAR(*rows[1].pure_percent_of_datasheet, 1800.0 / 1978.9 * 100, 1e-9);
  EXPECT_FALSE(rows[1].gemm);
  EXPECT_FALSE(rows[1].gemm_over_pure);
}

TEST(MatrixSummary, PercentOfPeakAtTheObservedClock) {
  const ResultFile run = hopper_like_run();
  const BenchmarkRecord& mma = run.benchmarks[2];
  ASSERT_TRUE(observed_clock_mhz(mma));
  EXPECT_DOUBLE_EQ(*observed_clock_mhz(mma), 1880);
  // 600 TFLOP/s against 540.672 GFLOP/s per MHz x 1880 MHz = 1016.5 TFLOP/s.
  EXPECT_NEAR(*percent_of_peak_at_clock(mma), 600e3 / (540.672 * 1880) * 100, 1e-9);
  BenchmarkRecord no_clock = mma;
  no_clock.conditions->core_clock_mhz.reset();  // the monitor could not read it
  EXPECT_FALSE(percent_of_peak_at_clock(no_clock));
  BenchmarkRecord no_peak = mma;
  no_peak.peak_per_mhz = 0;  // not a peak
  EXPECT_FALSE(percent_of_peak_at_clock(no_peak));
}

TEST(MatrixSummary, NoDatasheetNoPercentAndNoMatrixNoRows) {
  const auto rows = matrix_summary(hopper_like_run(), nullptr);
  ASSERT_FALSE(rows.empty());
  EXPECT_FALSE(rows[0].pure_percent_of_datasheet);
  ResultFile cpu;
  cpu.benchmarks.push_back(record("peak_fma/fp32", 300e9));
  EXPECT_TRUE(matrix_summary(cpu, nullptr).empty());
}

TEST(Ceilings, MatrixUnitsRaiseTheComputeCeilingAndFp8IsNamedLikeADatasheet) {
  const Ceilings c = find_ceilings(hopper_like_run());
  ASSERT_EQ(c.compute.size(), 2u);
  EXPECT_EQ(c.compute[0].dtype, "bf16");
  EXPECT_EQ(c.compute[0].benchmark, "wgmma/bf16");  // not the vector chain, not the GEMM
  EXPECT_EQ(c.compute[1].dtype, "fp8");
  EXPECT_DOUBLE_EQ(c.compute[1].value, 1800e3);
  ASSERT_TRUE(c.best_bandwidth);
  EXPECT_EQ(c.ridges.size(), 2u);
}

DeviceInfo gpu(std::string name) {
  DeviceInfo d;
  d.backend = "cuda";
  d.name = std::move(name);
  return d;
}

TEST(DatasheetMatch, RuntimeNamesFindTheirChips) {
  EXPECT_EQ(datasheet_id_for(gpu("NVIDIA H100 80GB HBM3")), "nvidia-h100-sxm5");
  EXPECT_EQ(datasheet_id_for(gpu("NVIDIA H100 PCIe")), "nvidia-h100-pcie");
  EXPECT_EQ(datasheet_id_for(gpu("NVIDIA H200")), "nvidia-h200-sxm");
  EXPECT_EQ(datasheet_id_for(gpu("NVIDIA H20")), "nvidia-h20");
  EXPECT_EQ(datasheet_id_for(gpu("NVIDIA A100-SXM4-80GB")), "nvidia-a100-sxm-80gb");
  DeviceInfo amd = gpu("AMD Instinct MI300X");
  amd.backend = "hip";
  EXPECT_EQ(datasheet_id_for(amd), "amd-mi300x");
  EXPECT_EQ(datasheet_id_for(gpu("AMD Instinct MI308X")), "amd-mi308x");
}

TEST(DatasheetMatch, UnknownBoardsAndCpusMatchNothing) {
  EXPECT_FALSE(datasheet_id_for(gpu("NVIDIA GeForce RTX 4090")));
  EXPECT_FALSE(datasheet_id_for(gpu("NVIDIA A100-PCIE-40GB")));  // no 40 GB sheet
  EXPECT_FALSE(datasheet_id_for(gpu("NVIDIA H2000")));           // a word, not a prefix
  DeviceInfo cpu = gpu("Intel Xeon H100 edition");
  cpu.backend = "cpu";
  EXPECT_FALSE(datasheet_id_for(cpu));
}

}  // namespace
}  // namespace ridgeline
