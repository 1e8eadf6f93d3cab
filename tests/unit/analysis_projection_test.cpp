#include <gtest/gtest.h>

#include "analysis/projection.hpp"
#include "catalogue_records.hpp"

namespace ridgeline {
namespace {

ResultFile datasheet(std::string id, double bandwidth_tbps, double bf16_tflops) {
  ResultFile f;
  f.kind = FileKind::datasheet;
  Datasheet d;
  d.id = std::move(id);
  d.name = d.id;
  d.memory_bandwidth_tbps = bandwidth_tbps;
  d.peak_tflops["bf16"] = bf16_tflops;
  f.datasheet = d;
  return f;
}

const LlmShape kLlama8B{8e9, 32, 4096, 8, 128, 4096};

TEST(Projection, Decode8BInBf16IsWeightBoundOnDatasheetBandwidth) {
  // The hand-computed case: 16 GB of weights per step, 4.0 TB/s (H20) -> 4.0 ms,
  // 1.6 TB/s (Ascend 910B) -> 10 ms; the KV cache and activations come on top.
  const Traffic step = llm_decode_step(kLlama8B, 1, 2);
  EXPECT_DOUBLE_EQ(step.weight_bytes, 16e9);
  EXPECT_DOUBLE_EQ(step.kv_cache_bytes, 32.0 * 4097 * 2 * 8 * 128 * 2);  // 0.54 GB
  EXPECT_DOUBLE_EQ(step.activation_bytes, 32.0 * 2 * 4096 * 2);
  EXPECT_DOUBLE_EQ(step.flops, 2 * 8e9 + 4.0 * 32 * 4096 * 4096);

  for (const auto& [chip, tbps, tflops, weight_ms] :
       {std::tuple{"h20-like", 4.0, 148.0, 4.0}, std::tuple{"910b-like", 1.6, 376.0, 10.0}}) {
    const MachineCeilings m = machine_ceilings(datasheet(chip, tbps, tflops), "bf16");
    ASSERT_TRUE(m.bandwidth && m.compute) << chip;
    EXPECT_TRUE(m.from_datasheet);
    EXPECT_DOUBLE_EQ(m.bandwidth->value, tbps * 1000);
    EXPECT_DOUBLE_EQ(m.compute->value, tflops * 1000);
    const Traffic weights_only{step.flops, step.weight_bytes, 0, 0};
    EXPECT_NEAR(phase_time(weights_only, m.compute->value, m.bandwidth->value).seconds() * 1e3,
                weight_ms, 1e-9)
        << chip;
    const PhaseTime t = phase_time(step, m.compute->value, m.bandwidth->value);
    EXPECT_EQ(t.bound(), Bound::memory);
    EXPECT_NEAR(t.seconds(), step.bytes() / (tbps * 1e12), 1e-15);
  }
}

TEST(Projection, PrefillIsComputeBoundAndCountsCausalAttention) {
  const Traffic prefill = llm_prefill(kLlama8B, 1, 2);
  const double c = 4096;
  EXPECT_DOUBLE_EQ(prefill.flops, 2 * 8e9 * c + 4.0 * 32 * 4096 * c * (c + 1) / 2);
  EXPECT_DOUBLE_EQ(prefill.weight_bytes, 16e9);
  EXPECT_DOUBLE_EQ(prefill.kv_cache_bytes, 32 * c * 2 * 8 * 128 * 2);
  const PhaseTime t = phase_time(prefill, 148e3, 4000);
  EXPECT_EQ(t.bound(), Bound::compute);
  EXPECT_NEAR(t.seconds(), prefill.flops / 148e12, 1e-12);
}

TEST(Projection, LargeBatchDecodeTurnsComputeBound) {
  // Weight traffic is shared by the batch, flops are not: the batch moves decode right
  // along the intensity axis (the KV cache, per sequence, does not).
  const LlmShape short_context{8e9, 32, 4096, 8, 128, 128};
  EXPECT_EQ(phase_time(llm_decode_step(short_context, 1, 2), 148e3, 4000).bound(), Bound::memory);
  EXPECT_EQ(phase_time(llm_decode_step(short_context, 256, 2), 148e3, 4000).bound(),
            Bound::compute);
}

TEST(Projection, FootprintIsWeightsPlusFullKvCache) {
  EXPECT_DOUBLE_EQ(llm_footprint_bytes(kLlama8B, 8, 2), 16e9 + 8.0 * 32 * 4096 * 2 * 8 * 128 * 2);
}

TEST(Projection, GemmCountsOperandsOnce) {
  const Traffic t = gemm(4096, 4096, 4096, 2);
  EXPECT_DOUBLE_EQ(t.flops, 2.0 * 4096 * 4096 * 4096);
  EXPECT_DOUBLE_EQ(t.bytes(), 3.0 * 4096 * 4096 * 2);
  // 137 GFLOP at 148 TFLOP/s = 0.93 ms; 100 MB at 4 TB/s = 0.025 ms.
  const PhaseTime big = phase_time(t, 148e3, 4000);
  EXPECT_EQ(big.bound(), Bound::compute);
  EXPECT_NEAR(big.seconds(), 2.0 * 4096 * 4096 * 4096 / 148e12, 1e-15);
  // A matrix-vector product (n = 1) is memory-bound: intensity about 1 flop/byte.
  EXPECT_EQ(phase_time(gemm(4096, 1, 4096, 2), 148e3, 4000).bound(), Bound::memory);
}

TEST(Projection, RunWithoutTheDtypeHasNoComputeCeiling) {
  ResultFile run;
  BenchmarkRecord triad = testing::catalogue_record("triad", "fp64", 20e9, 0, 1);
  BenchmarkRecord fma = testing::catalogue_record("peak_fma", "fp32", 0, 500e9, 1);
  run.benchmarks = {triad, fma};

  const MachineCeilings bf16 = machine_ceilings(run, "bf16");
  EXPECT_FALSE(bf16.from_datasheet);
  ASSERT_TRUE(bf16.bandwidth);
  EXPECT_DOUBLE_EQ(bf16.bandwidth->value, 20);
  EXPECT_FALSE(bf16.compute);  // not measured: never borrowed from another dtype
  const MachineCeilings fp32 = machine_ceilings(run, "fp32");
  ASSERT_TRUE(fp32.compute);
  EXPECT_DOUBLE_EQ(fp32.compute->value, 500);
}

TEST(Projection, BytesPerElement) {
  EXPECT_EQ(bytes_per_element("bf16"), 2);
  EXPECT_EQ(bytes_per_element("fp8"), 1);
  EXPECT_EQ(bytes_per_element("fp4"), 0.5);
  EXPECT_EQ(bytes_per_element("fp64"), 8);
  EXPECT_FALSE(bytes_per_element("fp12"));
}

}  // namespace
}  // namespace ridgeline
