#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include "backends/gpu/wgmma_model.hpp"
#include "kernels/wgmma_layout.hpp"

namespace ridgeline::gpu {
namespace {
namespace wg = kernels::wgmma;

constexpr std::uint64_t kPerWarpgroup =
    std::uint64_t{wg::kAccumulatorsPerThread} * wg::kWarpgroupThreads;

// The accumulators of `warpgroups` warpgroups after `ran` of `instructions` instructions,
// as the kernel's scheme says (counting warpgroups add K per instruction from their seed,
// random ones hold the last product).
std::vector<float> simulated_output(const MatrixExpectation& e, std::uint64_t warpgroups,
                                    std::uint64_t ran) {
  std::vector<float> out(warpgroups * kPerWarpgroup);
  for (std::uint64_t i = 0; i < out.size(); ++i) {
    const std::uint64_t g = i / kPerWarpgroup;
    out[i] = wg::counting_warpgroup(e.mode == OperandMode::random, g)
                 ? static_cast<float>((wg::accumulator_seed(g) + static_cast<double>(ran)) * e.k)
                 : static_cast<float>(ran % 2 == 1 ? e.random_value : 0);  // pairs cancel
  }
  return out;
}

MatrixExpectation expectation(DType t, OperandMode mode, std::uint64_t instructions) {
  const MatrixOperandBits bits =
      operand_bits(t, "sm_90a", mode, 11, static_cast<unsigned>(wg::instruction_k(t)));
  return expect_matrix(t, "sm_90a", mode, bits, static_cast<unsigned>(wg::instruction_k(t)),
                       instructions);
}

TEST(WgmmaLayout, DescriptorFieldsFollowThePtxFormat) {
  // Start address, leading and stride byte offsets in 16-byte units at bits 0, 16, 32;
  // base offset and swizzle mode (bits 49-51, 62-63) zero: no swizzle.
  EXPECT_EQ(wg::matrix_descriptor(0x400, 128, 256),
            std::uint64_t{0x40} | (std::uint64_t{8} << 16) | (std::uint64_t{16} << 32));
  // The largest shared address (228 KiB on sm_90 is below 2^18) fills the 14-bit field.
  EXPECT_EQ(wg::matrix_descriptor(0x3fff0, 0, 0), std::uint64_t{0x3fff});
  const std::uint64_t d = wg::matrix_descriptor(0x3fff0, 0x3fff0, 0x3fff0);
  EXPECT_EQ(d >> 46, 0u) << "no bit may reach the base-offset or swizzle fields";
  EXPECT_EQ((d >> 14) & 0x3, 0u);
  EXPECT_EQ((d >> 30) & 0x3, 0u);
}

TEST(WgmmaLayout, TilesCoverTheInstructionShapes) {
  EXPECT_EQ(wg::kAccumulatorsPerThread, 128);
  EXPECT_EQ(wg::instruction_k(DType::fp16), 16);
  EXPECT_EQ(wg::instruction_k(DType::bf16), 16);
  EXPECT_EQ(wg::instruction_k(DType::fp8_e4m3), 32);
  EXPECT_EQ(wg::instruction_k(DType::fp8_e5m2), 32);
  EXPECT_EQ(wg::instruction_k(DType::int8), 32);
  for (DType t : {DType::fp16, DType::bf16, DType::fp8_e4m3, DType::fp8_e5m2, DType::int8}) {
    const auto row_bytes =
        static_cast<std::uint32_t>(wg::instruction_k(t)) * static_cast<std::uint32_t>(size_of(t));
    EXPECT_EQ(row_bytes, static_cast<std::uint32_t>(wg::kRowBytes)) << to_string(t);
  }
  // Core matrices: 8 row groups of A, 32 of B, each two 128-byte core matrices wide.
  EXPECT_EQ(wg::kATileBytes, (wg::kM / 8) * wg::kStrideByteOffset);
  EXPECT_EQ(wg::kBTileBytes, (wg::kN / 8) * wg::kStrideByteOffset);
  EXPECT_EQ(wg::kLeadingByteOffset + wg::kCoreMatrixBytes, wg::kStrideByteOffset);
}

TEST(WgmmaLayout, OperandWordsRepeatTheElement) {
  EXPECT_EQ(wg::operand_word(DType::bf16, 0x4000), 0x40004000u);
  EXPECT_EQ(wg::operand_word(DType::fp16, 0xc000), 0xc000c000u);
  EXPECT_EQ(wg::operand_word(DType::fp8_e4m3, 0x44), 0x44444444u);
  EXPECT_EQ(wg::operand_word(DType::int8, 0xfe), 0xfefefefeu);
}

TEST(WgmmaLayout, OneWarpgroupInFourCountsWithRandomOperands) {
  int counting = 0;
  for (std::uint64_t g = 0; g < 400; ++g) {
    counting += wg::counting_warpgroup(true, g);
    EXPECT_TRUE(wg::counting_warpgroup(false, g));
  }
  EXPECT_EQ(counting, 100);
  // Counting warpgroups differ from their neighbours (a misplaced one is caught).
  for (std::uint64_t g = 0; g + 1 < 30; ++g)
    EXPECT_NE(wg::accumulator_seed(g), wg::accumulator_seed(g + 1));
}

TEST(WgmmaModel, WorkPerCall) {
  EXPECT_EQ(wgmma_multiply_adds_per_instruction(DType::bf16), 64u * 256u * 16u);
  EXPECT_EQ(wgmma_multiply_adds_per_instruction(DType::int8), 64u * 256u * 32u);
  // H100 SXM, 132 SMs x 3 warpgroups, 50 ms at 989 TFLOPS: 2.47e13 multiply-adds.
  const std::uint64_t warpgroups = 396;
  const std::uint64_t requested = 24'735'000'000'000;
  const unsigned iterations = wgmma_iterations_for(DType::bf16, requested, warpgroups);
  const std::uint64_t done = wgmma_multiply_adds(DType::bf16, warpgroups, iterations);
  const std::uint64_t per_iteration =
      2 * warpgroups * wgmma_multiply_adds_per_instruction(DType::bf16);
  EXPECT_LE(done > requested ? done - requested : requested - done, per_iteration);
  EXPECT_EQ(wgmma_multiply_adds(DType::fp8_e4m3, 1, 1), 3u * 64u * 256u * 32u);
  EXPECT_EQ(wgmma_iterations_for(DType::fp16, 0, warpgroups), 1u);  // at least one
  // fp8 accumulates in about 14 bits: a call stays short enough to count exactly.
  EXPECT_LE(2u * wgmma_iterations_for(DType::fp8_e4m3, requested, warpgroups) + 32,
            std::uint64_t{1} << 13);
}

TEST(WgmmaModel, CorrectOutputPassesInBothModes) {
  for (OperandMode mode : {OperandMode::exact, OperandMode::random}) {
    const MatrixExpectation e = expectation(DType::bf16, mode, 41);
    const auto out = simulated_output(e, 9, 41);
    const Verification v = check_wgmma_accumulators(e, std::span<const float>(out));
    EXPECT_EQ(v.verdict, Verdict::pass) << v.detail;
    EXPECT_EQ(v.checked, out.size());
  }
}

TEST(WgmmaModel, SkippedWorkFails) {
  for (OperandMode mode : {OperandMode::exact, OperandMode::random})
    for (std::uint64_t ran : {39U, 40U, 1U, 0U}) {  // an iteration, an instruction, all
      const MatrixExpectation e = expectation(DType::fp16, mode, 41);
      const auto out = simulated_output(e, 9, ran);
      const Verification v = check_wgmma_accumulators(e, std::span<const float>(out));
      EXPECT_FALSE(v.passed()) << "ran " << ran;
      EXPECT_GE(v.mismatches, 3 * kPerWarpgroup) << "every counting warpgroup";
    }
}

TEST(WgmmaModel, PlantedErrorIsFoundAndLocated) {
  const MatrixExpectation e = expectation(DType::fp16, OperandMode::exact, 5);
  auto out = simulated_output(e, 5, 5);
  const std::uint64_t warpgroup = 3, reg = 77, thread = 101;
  const std::uint64_t at = (warpgroup * wg::kAccumulatorsPerThread + reg) * 128 + thread;
  out[at] += 1;
  const Verification v = check_wgmma_accumulators(e, std::span<const float>(out));
  EXPECT_EQ(v.verdict, Verdict::fail);
  EXPECT_EQ(v.mismatches, 1u);
  EXPECT_EQ(v.max_abs_error, 1.0);
  EXPECT_NE(v.detail.find("warpgroup 3, register 77, thread 101"), std::string::npos) << v.detail;
}

TEST(WgmmaModel, WrongDtypeNanAndShortOutputFail) {
  // fp8 results (k = 32) are not fp16 results (k = 16): a dtype mix-up is caught.
  const auto fp8 = simulated_output(expectation(DType::fp8_e4m3, OperandMode::exact, 7), 2, 7);
  const MatrixExpectation fp16 = expectation(DType::fp16, OperandMode::exact, 7);
  EXPECT_EQ(check_wgmma_accumulators(fp16, std::span<const float>(fp8)).mismatches, fp8.size());
  auto nan = simulated_output(fp16, 1, 7);
  nan[5] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(check_wgmma_accumulators(fp16, std::span<const float>(nan)).mismatches, 1u);
  const std::vector<float> partial(kPerWarpgroup - 1, 30.0f);
  EXPECT_EQ(check_wgmma_accumulators(fp16, std::span<const float>(partial)).verdict, Verdict::fail);
  EXPECT_EQ(check_wgmma_accumulators(fp16, std::span<const float>()).verdict, Verdict::fail);
}

TEST(WgmmaModel, IntegerAccumulators) {
  const MatrixExpectation e = expectation(DType::int8, OperandMode::exact, 10);
  std::vector<std::int32_t> out(3 * kPerWarpgroup);
  for (std::uint64_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<std::int32_t>(counted_value(e, wg::accumulator_seed(i / kPerWarpgroup)));
  EXPECT_TRUE(check_wgmma_accumulators(e, std::span<const std::int32_t>(out)).passed());
  out.back() = 0;
  EXPECT_EQ(check_wgmma_accumulators(e, std::span<const std::int32_t>(out)).mismatches, 1u);
}

TEST(WgmmaModel, WarpgroupsOption) {
  EXPECT_EQ(parse_wgmma_warpgroups({}), kDefaultWarpgroupsPerBlock);
  EXPECT_EQ(parse_wgmma_warpgroups({{"warpgroups_per_block", 3}}), 3);
  EXPECT_EQ(parse_wgmma_warpgroups({{"warpgroups_per_block", "1"}}), 1);  // text reads too
  EXPECT_THROW(parse_wgmma_warpgroups({{"warpgroups_per_block", "4"}}), std::invalid_argument);
  EXPECT_THROW(parse_wgmma_warpgroups({{"warpgroups_per_block", "2x"}}), std::invalid_argument);
  EXPECT_THROW(parse_wgmma_warpgroups({{"unroll", "2"}}), std::invalid_argument);
}

}  // namespace
}  // namespace ridgeline::gpu
