#include <gtest/gtest.h>

#include <map>
#include <optional>

#include "analysis/ceilings.hpp"
#include "catalogue_records.hpp"

namespace ridgeline {
namespace {

BenchmarkRecord record(std::string_view kernel, std::string_view dtype, double bytes, double flops,
                       double seconds) {
  return testing::catalogue_record(kernel, dtype, bytes, flops, seconds);
}

TEST(Ceilings, BestBandwidthComputeAndRidge) {
  ResultFile run;
  run.benchmarks.push_back(record("copy", "fp64", 20e9, 0, 1.0));
  run.benchmarks.push_back(record("triad", "fp64", 30e9, 0, 1.0));
  auto cached = record("triad", "fp64", 300e9, 0, 1.0);
  cached.name = "triad/fp64/array_bytes:32768";
  cached.params[param_keys::kSweep] =
      param_keys::kWorkingSetSweep;  // a cache, not DRAM: not a ceiling
  run.benchmarks.push_back(cached);
  auto wrong = record("read", "fp64", 90e9, 0, 1.0);
  wrong.status = BenchStatus::failed;  // a wrong answer is never a number
  run.benchmarks.push_back(wrong);
  run.benchmarks.push_back(record("peak_fma", "fp64", 0, 150e9, 1.0));
  run.benchmarks.push_back(record("peak_fma", "fp32", 0, 300e9, 1.0));
  run.benchmarks.push_back(record("peak_fma", "int32", 0, 80e9, 1.0));

  const Ceilings c = find_ceilings(run);
  ASSERT_TRUE(c.best_bandwidth);
  EXPECT_EQ(c.best_bandwidth->benchmark, "triad/fp64");
  EXPECT_DOUBLE_EQ(c.best_bandwidth->value, 30);
  EXPECT_EQ(c.bandwidth.size(), 2u);
  EXPECT_EQ(c.compute.size(), 3u);
  ASSERT_EQ(c.ridges.size(), 2u);  // integers have no floating-point ridge
  EXPECT_EQ(c.ridges[0].dtype, "fp64");
  EXPECT_DOUBLE_EQ(c.ridges[0].flop_per_byte, 5);
  EXPECT_DOUBLE_EQ(c.ridges[1].flop_per_byte, 10);
  ASSERT_EQ(c.integer_ridges.size(), 1u);  // apart, in op per byte
  EXPECT_EQ(c.integer_ridges[0].dtype, "int32");
  EXPECT_DOUBLE_EQ(c.integer_ridges[0].flop_per_byte, 80.0 / 30);
}

TEST(Ceilings, EmptyRunHasNone) {
  const Ceilings c = find_ceilings(ResultFile{});
  EXPECT_FALSE(c.best_bandwidth);
  EXPECT_TRUE(c.ridges.empty());
}

}  // namespace
}  // namespace ridgeline

namespace ridgeline {
namespace {

ResultFile datasheet_file(std::optional<double> tbps, std::map<std::string, double> peaks) {
  ResultFile f;
  f.kind = FileKind::datasheet;
  Datasheet d;
  d.id = "test-chip";
  d.memory_bandwidth_tbps = tbps;
  d.peak_tflops = std::move(peaks);
  f.datasheet = d;
  return f;
}

TEST(Ceilings, DatasheetStatesBandwidthComputeAndRidges) {
  // H20-like: 4.0 TB/s, 148 TFLOPS BF16, 296 FP8, 296 TOPS INT8.
  const Ceilings c =
      find_ceilings(datasheet_file(4.0, {{"bf16", 148}, {"fp8", 296}, {"int8", 296}}));
  ASSERT_TRUE(c.best_bandwidth);
  EXPECT_EQ(c.best_bandwidth->kernel, "datasheet");
  EXPECT_EQ(c.best_bandwidth->benchmark, "datasheet:memory_bandwidth");
  EXPECT_EQ(c.best_bandwidth->unit, RateUnit::gigabytes);
  EXPECT_DOUBLE_EQ(c.best_bandwidth->value, 4000);
  ASSERT_EQ(c.bandwidth.size(), 1u);
  ASSERT_EQ(c.compute.size(), 3u);
  EXPECT_EQ(c.compute[0].dtype, "bf16");  // widest first, as kDatasheetDtypes orders them
  EXPECT_EQ(c.compute[0].benchmark, "datasheet:peak_tflops.bf16");
  EXPECT_DOUBLE_EQ(c.compute[0].value, 148000);
  EXPECT_EQ(c.compute[0].unit, RateUnit::gigaflops);
  EXPECT_EQ(c.compute[2].dtype, "int8");
  EXPECT_EQ(c.compute[2].unit, RateUnit::gigaops);
  ASSERT_EQ(c.ridges.size(), 2u);  // no floating-point ridge for int8
  EXPECT_EQ(c.ridges[0].dtype, "bf16");
  EXPECT_DOUBLE_EQ(c.ridges[0].flop_per_byte, 37);
  EXPECT_EQ(c.ridges[1].dtype, "fp8");
  EXPECT_DOUBLE_EQ(c.ridges[1].flop_per_byte, 74);
  ASSERT_EQ(c.integer_ridges.size(), 1u);  // int8 TOPS: op per byte, a ridge of its own kind
  EXPECT_DOUBLE_EQ(c.integer_ridges[0].flop_per_byte, 74);
  ASSERT_NE(find_ridge(c, "int8"), nullptr);
  EXPECT_EQ(find_ridge(c, "int8")->compute.unit, RateUnit::gigaops);
  EXPECT_EQ(find_ridge(c, "bf16"), &c.ridges[0]);
  EXPECT_EQ(find_ridge(c, "fp32"), nullptr);
}

TEST(Ceilings, DatasheetWithoutBandwidthHasPeaksButNoRidge) {
  const Ceilings c = find_ceilings(datasheet_file(std::nullopt, {{"fp16", 256}}));
  EXPECT_FALSE(c.best_bandwidth);
  EXPECT_TRUE(c.bandwidth.empty());
  ASSERT_EQ(c.compute.size(), 1u);
  EXPECT_TRUE(c.ridges.empty());
}

TEST(Ceilings, DatasheetWithNothingKnownHasNoCeilings) {
  const Ceilings c = find_ceilings(datasheet_file(std::nullopt, {}));
  EXPECT_FALSE(c.best_bandwidth);
  EXPECT_TRUE(c.compute.empty());
  EXPECT_TRUE(c.ridges.empty());
}

}  // namespace
}  // namespace ridgeline
