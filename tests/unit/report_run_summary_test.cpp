#include <gtest/gtest.h>

#include "catalogue_records.hpp"
#include "report/run_summary.hpp"

namespace ridgeline {
namespace {

BenchmarkRecord record(const std::string& name, double flops) {
  BenchmarkRecord r = testing::catalogue_record(name, 0, flops, 1.0);
  r.sample_seconds = {1.0, 1.0, 1.0};
  return r;
}

TEST(RunSummary, MatrixSectionBesideTheDatasheet) {
  ResultFile run;
  run.device.id = "cuda:0";
  run.device.name = "NVIDIA H100 80GB HBM3";
  auto mma = record("wgmma/bf16", 900e12);
  mma.peak_per_mhz = 540.672;
  mma.conditions = RunConditions{"nvml", 20, Spread{1740, 1755, 1770}, {}, {}, {}, {}};
  run.benchmarks.push_back(mma);
  run.benchmarks.push_back(record("gemm/bf16/m:8192/n:8192/k:8192", 720e12));
  Datasheet sheet;
  sheet.id = "nvidia-h100-sxm5";
  sheet.peak_tflops = {{"bf16", 989.4}};
  const std::string text = format_run_summary(run, &sheet);
  EXPECT_NE(text.find("Matrix units"), std::string::npos) << text;
  EXPECT_NE(text.find("datasheet nvidia-h100-sxm5"), std::string::npos);
  EXPECT_NE(text.find("m:8192/n:8192/k:8192"), std::string::npos);
  EXPECT_NE(text.find("80%"), std::string::npos);  // GEMM / pure
  EXPECT_NE(text.find("91%"), std::string::npos);  // 900 / 989.4, and 900 / (540.672 x 1755)
  EXPECT_NE(text.find("73%"), std::string::npos);  // GEMM 720 / 989.4
  EXPECT_NE(text.find("% peak@clock"), std::string::npos);

  const std::string without = format_run_summary(run, nullptr);
  EXPECT_EQ(without.find("datasheet nvidia"), std::string::npos);
  EXPECT_NE(without.find("Matrix units"), std::string::npos);
}

TEST(RunSummary, NoMatrixSectionForACpuRun) {
  ResultFile run;
  run.benchmarks.push_back(record("peak_fma/fp32", 300e9));
  const std::string text = format_run_summary(run, nullptr);
  EXPECT_EQ(text.find("Matrix units"), std::string::npos);
  EXPECT_NE(text.find("peak_fma/fp32"), std::string::npos);
  EXPECT_EQ(text.find("% peak@clock"), std::string::npos);  // no clock known: no column
}

}  // namespace
}  // namespace ridgeline
