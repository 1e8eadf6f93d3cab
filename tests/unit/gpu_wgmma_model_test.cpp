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

// Decodes a small-float bit pattern independently of the encoder (value = 1.f x 2^e).
double decode(std::uint32_t bits, int exponent_bits, int fraction_bits) {
  const std::uint32_t fraction = bits & ((1u << fraction_bits) - 1);
  const std::uint32_t biased = (bits >> fraction_bits) & ((1u << exponent_bits) - 1);
  const bool negative = ((bits >> (exponent_bits + fraction_bits)) & 1u) != 0;
  if (biased == 0 && fraction == 0) return negative ? -0.0 : 0.0;
  const int bias = (1 << (exponent_bits - 1)) - 1;
  const double magnitude =
      std::ldexp(1.0 + std::ldexp(fraction, -fraction_bits), static_cast<int>(biased) - bias);
  return negative ? -magnitude : magnitude;
}

std::vector<float> correct_output(DType t, std::uint64_t warpgroups) {
  std::vector<float> out(warpgroups * kPerWarpgroup);
  for (std::uint64_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<float>(wg::expected_accumulator(t, i / kPerWarpgroup));
  return out;
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

TEST(WgmmaLayout, KnownEncodings) {
  EXPECT_EQ(wg::element_bits(DType::fp16, 1), 0x3c00u);
  EXPECT_EQ(wg::element_bits(DType::fp16, 2), 0x4000u);
  EXPECT_EQ(wg::element_bits(DType::fp16, 3), 0x4200u);
  EXPECT_EQ(wg::element_bits(DType::fp16, -2), 0xc000u);
  EXPECT_EQ(wg::element_bits(DType::bf16, 1), 0x3f80u);
  EXPECT_EQ(wg::element_bits(DType::bf16, 3), 0x4040u);
  EXPECT_EQ(wg::element_bits(DType::bf16, -2), 0xc000u);
  EXPECT_EQ(wg::element_bits(DType::fp8_e4m3, 1), 0x38u);
  EXPECT_EQ(wg::element_bits(DType::fp8_e4m3, 3), 0x44u);
  EXPECT_EQ(wg::element_bits(DType::fp8_e4m3, -2), 0xc0u);
  EXPECT_EQ(wg::element_bits(DType::fp8_e5m2, 1), 0x3cu);
  EXPECT_EQ(wg::element_bits(DType::fp8_e5m2, 3), 0x42u);
  EXPECT_EQ(wg::element_bits(DType::fp8_e5m2, -2), 0xc0u);
  EXPECT_EQ(wg::element_bits(DType::int8, -2), 0xfeu);
  EXPECT_EQ(wg::element_bits(DType::int8, 3), 0x03u);
}

TEST(WgmmaLayout, EncodingsRoundTripEveryExactSmallInteger) {
  struct Format {
    DType t;
    int exponent_bits, fraction_bits;
  };
  for (const Format f : {Format{DType::fp16, 5, 10}, Format{DType::bf16, 8, 7},
                         Format{DType::fp8_e4m3, 4, 3}, Format{DType::fp8_e5m2, 5, 2}}) {
    for (int v = -15; v <= 15; ++v) {
      const int magnitude = v < 0 ? -v : v;
      int significant = 0;
      for (int m = magnitude; m != 0 && (m & 1) == 0; m >>= 1) ++significant;  // trailing 0s
      int width = 0;
      while ((magnitude >> width) != 0) ++width;
      if (width - significant > f.fraction_bits + 1) continue;  // not exact in this format
      EXPECT_EQ(decode(wg::element_bits(f.t, v), f.exponent_bits, f.fraction_bits), v)
          << to_string(f.t) << " " << v;
    }
  }
  // The values the kernel uses are exact in every format.
  for (DType t : {DType::fp16, DType::bf16, DType::fp8_e4m3, DType::fp8_e5m2}) {
    const int e = t == DType::fp16 ? 5 : t == DType::bf16 ? 8 : t == DType::fp8_e4m3 ? 4 : 5;
    const int f = t == DType::fp16 ? 10 : t == DType::bf16 ? 7 : t == DType::fp8_e4m3 ? 3 : 2;
    for (std::uint64_t g = 0; g < wg::kOperandPeriod; ++g)
      EXPECT_EQ(decode(wg::element_bits(t, wg::operand_a(g)), e, f), wg::operand_a(g));
    EXPECT_EQ(decode(wg::element_bits(t, -wg::kB), e, f), -wg::kB);
  }
}

TEST(WgmmaLayout, OperandWordsRepeatTheElement) {
  EXPECT_EQ(wg::operand_word(DType::bf16, 2), 0x40004000u);
  EXPECT_EQ(wg::operand_word(DType::fp16, -2), 0xc000c000u);
  EXPECT_EQ(wg::operand_word(DType::fp8_e4m3, 3), 0x44444444u);
  EXPECT_EQ(wg::operand_word(DType::int8, -2), 0xfefefefeu);
}

TEST(WgmmaLayout, AlternatingSignsLeaveOneInstructionsProduct) {
  // The kernel's sequence: +b, then (-b, +b) pairs. Each step adds k products of a * b
  // to every accumulator, so any odd count ends at seed + k * a * b.
  for (DType t : {DType::bf16, DType::fp8_e5m2, DType::int8}) {
    for (std::uint64_t g = 0; g < 15; ++g) {
      for (std::uint64_t pairs : {0u, 1u, 7u}) {
        double d = wg::accumulator_seed(g);
        for (std::uint64_t i = 0; i < 1 + 2 * pairs; ++i)
          d += wg::instruction_k(t) * wg::operand_a(g) * (i % 2 == 0 ? wg::kB : -wg::kB);
        EXPECT_EQ(d, wg::expected_accumulator(t, g));
      }
    }
  }
  EXPECT_EQ(wg::expected_accumulator(DType::bf16, 0), -2 + 16 * 1 * 2);
  EXPECT_EQ(wg::expected_accumulator(DType::int8, 4), 2 + 32 * 2 * 2);
  // Warpgroups differ from their neighbours (a misplaced warpgroup is caught).
  for (std::uint64_t g = 0; g + 1 < 30; ++g)
    EXPECT_NE(wg::expected_accumulator(DType::fp16, g),
              wg::expected_accumulator(DType::fp16, g + 1));
}

TEST(WgmmaModel, WorkPerCall) {
  EXPECT_EQ(wgmma_multiply_adds_per_instruction(DType::bf16), 64u * 256u * 16u);
  EXPECT_EQ(wgmma_multiply_adds_per_instruction(DType::int8), 64u * 256u * 32u);
  // H100 SXM, 132 SMs x 3 warpgroups, 50 ms at 989 TFLOPS: 2.47e13 multiply-adds.
  const std::uint64_t warpgroups = 396;
  const std::uint64_t requested = 24'735'000'000'000;
  const std::uint64_t pairs = wgmma_pairs_for(DType::bf16, requested, warpgroups);
  const std::uint64_t done = wgmma_multiply_adds(DType::bf16, warpgroups, pairs);
  const std::uint64_t per_pair = 2 * warpgroups * wgmma_multiply_adds_per_instruction(DType::bf16);
  EXPECT_LE(done > requested ? done - requested : requested - done, per_pair);
  EXPECT_EQ(wgmma_multiply_adds(DType::fp8_e4m3, 1, 0), 64u * 256u * 32u);  // one instruction
  EXPECT_EQ(wgmma_pairs_for(DType::fp16, 0, warpgroups), 0u);
}

TEST(WgmmaModel, CorrectOutputPasses) {
  const auto out = correct_output(DType::bf16, 7);
  const Verification v = check_wgmma_accumulators(DType::bf16, std::span<const float>(out));
  EXPECT_EQ(v.verdict, Verdict::pass) << v.detail;
  EXPECT_EQ(v.checked, out.size());
  EXPECT_EQ(v.mismatches, 0u);
}

TEST(WgmmaModel, PlantedErrorIsFoundAndLocated) {
  auto out = correct_output(DType::fp16, 5);
  const std::uint64_t warpgroup = 3, reg = 77, thread = 101;
  const std::uint64_t at = (warpgroup * wg::kAccumulatorsPerThread + reg) * 128 + thread;
  out[at] += 1;
  const Verification v = check_wgmma_accumulators(DType::fp16, std::span<const float>(out));
  EXPECT_EQ(v.verdict, Verdict::fail);
  EXPECT_EQ(v.mismatches, 1u);
  EXPECT_EQ(v.max_abs_error, 1.0);
  EXPECT_NE(v.detail.find("warpgroup 3, register 77, thread 101"), std::string::npos) << v.detail;
}

TEST(WgmmaModel, WrongDtypeNanAndShortOutputFail) {
  // fp8 results (k = 32) are not fp16 results (k = 16): a dtype mix-up is caught.
  const auto fp8 = correct_output(DType::fp8_e4m3, 2);
  EXPECT_EQ(check_wgmma_accumulators(DType::fp16, std::span<const float>(fp8)).mismatches,
            fp8.size());
  auto nan = correct_output(DType::bf16, 1);
  nan[5] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(check_wgmma_accumulators(DType::bf16, std::span<const float>(nan)).mismatches, 1u);
  const std::vector<float> partial(kPerWarpgroup - 1, 30.0f);
  EXPECT_EQ(check_wgmma_accumulators(DType::bf16, std::span<const float>(partial)).verdict,
            Verdict::fail);
  EXPECT_EQ(check_wgmma_accumulators(DType::bf16, std::span<const float>()).verdict, Verdict::fail);
}

TEST(WgmmaModel, IntegerAccumulators) {
  std::vector<std::int32_t> out(3 * kPerWarpgroup);
  for (std::uint64_t i = 0; i < out.size(); ++i)
    out[i] = wg::expected_accumulator(DType::int8, i / kPerWarpgroup);
  EXPECT_TRUE(check_wgmma_accumulators(DType::int8, std::span<const std::int32_t>(out)).passed());
  out.back() = 0;
  EXPECT_EQ(check_wgmma_accumulators(DType::int8, std::span<const std::int32_t>(out)).mismatches,
            1u);
}

TEST(WgmmaModel, WarpgroupsOption) {
  EXPECT_EQ(parse_wgmma_warpgroups({}), kDefaultWarpgroupsPerBlock);
  EXPECT_EQ(parse_wgmma_warpgroups({{"warpgroups_per_block", "3"}}), 3);
  EXPECT_EQ(parse_wgmma_warpgroups({{"warpgroups_per_block", "1"}}), 1);
  EXPECT_THROW(parse_wgmma_warpgroups({{"warpgroups_per_block", "4"}}), std::invalid_argument);
  EXPECT_THROW(parse_wgmma_warpgroups({{"warpgroups_per_block", "2x"}}), std::invalid_argument);
  EXPECT_THROW(parse_wgmma_warpgroups({{"unroll", "2"}}), std::invalid_argument);
}

}  // namespace
}  // namespace ridgeline::gpu
