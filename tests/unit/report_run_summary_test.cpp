#include <gtest/gtest.h>

#include "report/run_summary.hpp"

namespace ridgeline {
namespace {

BenchmarkRecord record(std::string name, std::string family, std::string dtype, double flops) {
  BenchmarkRecord r;
  r.name = std::move(name);
  r.kernel = r.name.substr(0, r.name.find('/'));
  r.family = std::move(family);
  r.dtype = std::move(dtype);
  r.flops_per_call = flops;
  r.unit = "GFLOP/s";
  r.sample_seconds = {1.0, 1.0, 1.0};
  return r;
}

TEST(RunSummary, MatrixSectionBesideTheDatasheet) {
  ResultFile run;
  run.device.id = "cuda:0";
  run.device.name = "NVIDIA H100 80GB HBM3";
  auto mma = record("wgmma/bf16", "matrix", "bf16", 900e12);
  mma.params["peak_gflops_per_mhz"] = "540.672";
  mma.params["sm_clock_mhz_before"] = "1755";
  mma.params["sm_clock_mhz_after"] = "1755";
  run.benchmarks.push_back(mma);
  run.benchmarks.push_back(record("gemm/bf16/m:8192/n:8192/k:8192", "gemm", "bf16", 720e12));
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
  run.benchmarks.push_back(record("peak_fma/fp32", "compute", "fp32", 300e9));
  const std::string text = format_run_summary(run, nullptr);
  EXPECT_EQ(text.find("Matrix units"), std::string::npos);
  EXPECT_NE(text.find("peak_fma/fp32"), std::string::npos);
  EXPECT_EQ(text.find("% peak@clock"), std::string::npos);  // no clock known: no column
}

}  // namespace
}  // namespace ridgeline
