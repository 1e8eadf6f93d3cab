// The host side of the vendor GEMM check: input values and their encodings, the sampled
// fp64 reference, the tolerance model and operand rotation, all without a GPU.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <map>
#include <vector>

#include "backends/gpu/gemm_reference.hpp"
#include "backends/gpu/gemm_rotation.hpp"

namespace ridgeline::gpu {
namespace {

constexpr std::uint64_t kMiB = std::uint64_t{1} << 20;

// The whole C of a small GEMM as a device would return it: the exact sums rounded to
// the output format, read back as doubles.
std::vector<double> device_like_output(const GemmOperands& ops, DType input) {
  const DType out = kernels::gemm_output_dtype(input);
  std::vector<double> c(ops.shape.m * ops.shape.n);
  unsigned char stored[8];
  for (std::uint64_t i = 0; i < ops.shape.m; ++i)
    for (std::uint64_t j = 0; j < ops.shape.n; ++j) {
      encode_gemm_value(out, gemm_reference_at(ops, i, j).expected, stored);
      c[ops.c_index(i, j)] = decode_gemm_value(out, stored);
    }
  return c;
}

std::vector<double> sampled(const GemmOperands& ops, const std::vector<double>& c,
                            const std::vector<GemmSample>& samples) {
  std::vector<double> got;
  for (const GemmSample& s : samples) got.push_back(c[ops.c_index(s.row, s.col)]);
  return got;
}

const DType kGemmInputs[] = {DType::bf16, DType::fp16, DType::tf32, DType::fp8_e4m3, DType::int8};

TEST(GemmReference, InputValuesRoundTripEveryInputFormat) {
  for (std::int8_t v : kGemmInputValues) {
    const auto f = static_cast<float>(v);
    EXPECT_EQ(bf16_value(bf16_bits(f)), f);
    EXPECT_EQ(fp16_value(fp16_bits(f)), f);
    EXPECT_EQ(fp8_e4m3_value(fp8_e4m3_bits(f)), f);
    EXPECT_EQ(tf32_round(f), f);
    for (DType t : kGemmInputs) {
      unsigned char stored[8];
      encode_gemm_value(t, v, stored);
      EXPECT_EQ(decode_gemm_value(t, stored), v) << to_string(t);
    }
  }
}

TEST(GemmReference, EncodedInputsDecodeToTheDrawnValues) {
  for (OperandMode mode : {OperandMode::exact, OperandMode::random})
    for (DType t : kGemmInputs) {
      const std::size_t size = size_of(t);
      std::vector<unsigned char> stored(1000 * size);
      encode_gemm_inputs(t, mode, 7, 123456, 1000, stored.data());
      for (std::uint64_t i = 0; i < 1000; ++i)
        ASSERT_EQ(decode_gemm_value(t, &stored[i * size]), gemm_input_value(t, mode, 7, 123456 + i))
            << to_string(t) << " element " << i;  // exactly representable in every format
    }
  unsigned char unused[8];
  EXPECT_THROW(encode_gemm_inputs(DType::fp8_e5m2, OperandMode::exact, 1, 0, 1, unused),
               std::invalid_argument);
}

TEST(GemmReference, RandomInputsUseEveryMantissaBit) {
  // Full-entropy data: all of a format's mantissa bits vary, signs and two exponents too.
  for (DType t : {DType::bf16, DType::fp16, DType::fp8_e4m3}) {
    std::uint32_t seen_or = 0;
    int negative = 0;
    for (std::uint64_t i = 0; i < 4000; ++i) {
      const double v = gemm_input_value(t, OperandMode::random, 3, i);
      EXPECT_GE(std::fabs(v), 0.5);
      EXPECT_LT(std::fabs(v), 2.0);
      negative += v < 0;
      unsigned char stored[2] = {};
      encode_gemm_value(t, v, stored);
      std::uint32_t bits = 0;
      std::memcpy(&bits, stored, size_of(t));
      seen_or |= bits;
    }
    const int mantissa = t == DType::bf16 ? 7 : t == DType::fp16 ? 10 : 3;
    EXPECT_EQ(seen_or & ((1U << mantissa) - 1), (1U << mantissa) - 1) << to_string(t);
    EXPECT_NEAR(negative, 2000, 200) << to_string(t);
  }
  for (std::uint64_t i = 0; i < 1000; ++i) {
    const double v = gemm_input_value(DType::int8, OperandMode::random, 3, i);
    EXPECT_NE(v, 0);
    EXPECT_LE(std::fabs(v), 127);
  }
}

TEST(GemmReference, RandomCorrectOutputsPassAndAWrongOneFails) {
  const GemmOperands ops{{9, 24, 4096}, DType::bf16, OperandMode::random};
  const auto samples = gemm_reference_samples(ops, 128);
  const auto c = device_like_output(ops, DType::bf16);
  auto got = sampled(ops, c, samples);
  EXPECT_TRUE(check_gemm_samples(DType::bf16, 4096, samples, got).passed());
  got[7] += 4 * gemm_tolerance(DType::bf16, samples[7], 4096);
  EXPECT_EQ(check_gemm_samples(DType::bf16, 4096, samples, got).mismatches, 1U);
}

TEST(GemmReference, KnownEncodings) {
  EXPECT_EQ(bf16_bits(1.0f), 0x3f80);
  EXPECT_EQ(bf16_bits(-2.0f), 0xc000);
  EXPECT_EQ(fp16_bits(1.0f), 0x3c00);
  EXPECT_EQ(fp16_bits(-3.0f), 0xc200);
  EXPECT_EQ(fp16_bits(65504.0f), 0x7bff);
  EXPECT_EQ(fp16_bits(0x1p-24f), 0x0001);  // smallest subnormal
  EXPECT_EQ(fp8_e4m3_bits(1.0f), 0x38);
  EXPECT_EQ(fp8_e4m3_bits(-2.0f), 0xc0);
  EXPECT_EQ(fp8_e4m3_bits(448.0f), 0x7e);
  EXPECT_EQ(fp8_e4m3_bits(0x1p-9f), 0x01);  // smallest subnormal
  EXPECT_EQ(fp8_e4m3_value(0x7e), 448.0f);
  EXPECT_TRUE(std::isnan(fp8_e4m3_value(0x7f)));
}

TEST(GemmReference, ConversionsRoundToNearestEven) {
  EXPECT_EQ(bf16_value(bf16_bits(1.0f + 0x1p-8f)), 1.0f);  // tie, to even
  EXPECT_EQ(bf16_value(bf16_bits(1.0f + 0x1p-8f + 0x1p-12f)), 1.0f + 0x1p-7f);
  EXPECT_EQ(fp16_value(fp16_bits(1.0f + 0x1p-11f)), 1.0f);
  EXPECT_EQ(fp16_value(fp16_bits(1.0f + 3 * 0x1p-11f)), 1.0f + 0x1p-9f);  // tie up to even
  EXPECT_TRUE(std::isinf(fp16_value(fp16_bits(65520.0f))));
  EXPECT_EQ(fp8_e4m3_value(fp8_e4m3_bits(1.0625f)), 1.0f);  // tie between 1 and 1.125
  EXPECT_EQ(fp8_e4m3_value(fp8_e4m3_bits(15.5f)), 16.0f);   // carries into the exponent
  EXPECT_EQ(fp8_e4m3_value(fp8_e4m3_bits(1000.0f)), 448.0f);
  EXPECT_EQ(tf32_round(1.0f + 0x1p-11f), 1.0f);
  EXPECT_EQ(tf32_round(1.0f + 3 * 0x1p-11f), 1.0f + 0x1p-9f);
}

TEST(GemmReference, InputsAreDeterministicNonzeroAndCoverEveryValue) {
  const auto exact = [](std::uint64_t seed, std::uint64_t i) {
    return static_cast<int>(gemm_input_value(DType::bf16, OperandMode::exact, seed, i));
  };
  std::map<int, int> seen;
  for (std::uint64_t i = 0; i < 80000; ++i) {
    const int v = exact(1, i);
    EXPECT_EQ(v, exact(1, i));
    ++seen[v];
  }
  ASSERT_EQ(seen.size(), kGemmInputValues.size());
  for (auto [value, count] : seen) {
    EXPECT_NE(value, 0);
    EXPECT_NEAR(count, 10000, 1000) << value;
  }
  int differ = 0;
  for (std::uint64_t i = 0; i < 1000; ++i) differ += exact(1, i) != exact(2, i);
  EXPECT_GT(differ, 800);  // another seed, another matrix
}

TEST(GemmReference, SamplesAreExactDotProductsIncludingTheCorners) {
  const GemmOperands ops{{5, 7, 33}};
  const auto samples = gemm_reference_samples(ops, 40);
  ASSERT_EQ(samples.size(), 40U);
  EXPECT_EQ(samples[0].row, 0U);
  EXPECT_EQ(samples[0].col, 0U);
  EXPECT_EQ(samples[3].row, 4U);
  EXPECT_EQ(samples[3].col, 6U);
  for (const GemmSample& s : samples) {
    ASSERT_LT(s.row, 5U);
    ASSERT_LT(s.col, 7U);
    long sum = 0;
    long magnitude = 0;
    for (std::uint64_t k = 0; k < 33; ++k) {
      const auto p = static_cast<long>(ops.a(s.row, k) * ops.b(k, s.col));  // exact integers
      sum += p;
      magnitude += std::labs(p);
    }
    EXPECT_EQ(s.expected, static_cast<double>(sum));
    EXPECT_EQ(s.magnitude, static_cast<double>(magnitude));
  }
}

TEST(GemmReference, CorrectOutputsPassInEveryOutputFormat) {
  // K = 4096: sums reach the hundreds, so bf16 and fp16 outputs are rounded, not exact.
  const GemmOperands ops{{9, 24, 4096}};
  const auto samples = gemm_reference_samples(ops, 128);
  for (DType t : kGemmInputs) {
    const auto c = device_like_output(ops, t);
    const Verification v = check_gemm_samples(t, ops.shape.k, samples, sampled(ops, c, samples));
    EXPECT_TRUE(v.passed()) << to_string(t) << ": " << v.detail;
    EXPECT_EQ(v.checked, 128U);
  }
  bool bf16_rounded = false;
  const auto c = device_like_output(ops, DType::bf16);
  for (const GemmSample& s : samples) bf16_rounded |= c[ops.c_index(s.row, s.col)] != s.expected;
  EXPECT_TRUE(bf16_rounded) << "the bf16 case should exercise output rounding";
}

TEST(GemmReference, APlantedWrongElementFails) {
  const GemmOperands ops{{9, 24, 4096}};
  const auto samples = gemm_reference_samples(ops, 64);
  for (DType t : kGemmInputs) {
    auto got = sampled(ops, device_like_output(ops, t), samples);
    const double tolerance = gemm_tolerance(t, samples[10], ops.shape.k);
    got[10] = samples[10].expected + 0.5 * tolerance;  // inside: passes
    EXPECT_TRUE(check_gemm_samples(t, ops.shape.k, samples, got).passed()) << to_string(t);
    got[10] = samples[10].expected + 1.5 * tolerance + (t == DType::int8 ? 1 : 0);
    const Verification v = check_gemm_samples(t, ops.shape.k, samples, got);
    EXPECT_FALSE(v.passed()) << to_string(t);
    EXPECT_EQ(v.mismatches, 1U) << to_string(t);
    EXPECT_NE(v.detail.find("C(" + std::to_string(samples[10].row) + ","), std::string::npos)
        << v.detail;
    got[10] = NAN;
    EXPECT_FALSE(check_gemm_samples(t, ops.shape.k, samples, got).passed()) << to_string(t);
  }
}

TEST(GemmReference, ADroppedProductFailsWhereTheOutputCanShowIt) {
  // Every input is nonzero, so leaving out the last k moves every element by 1..16: an
  // int32 or fp32 (tf32) output shows it on every sample, whatever |c| is.
  const GemmOperands ops{{9, 24, 4096}};
  const auto samples = gemm_reference_samples(ops, 64);
  std::vector<double> got;
  for (const GemmSample& s : samples)
    got.push_back(s.expected - ops.a(s.row, 4095) * ops.b(4095, s.col));
  EXPECT_EQ(check_gemm_samples(DType::int8, 4096, samples, got).mismatches, 64U);
  EXPECT_EQ(check_gemm_samples(DType::tf32, 4096, samples, got).mismatches, 64U);
}

TEST(GemmReference, AWrongLayoutFails) {
  // W read as if it were B (K x N row-major): the classic transa/transb mistake.
  const GemmOperands ops{{32, 32, 32}};
  const auto samples = gemm_reference_samples(ops, 64);
  std::vector<double> got;
  for (const GemmSample& s : samples) {
    double sum = 0;
    for (std::uint64_t k = 0; k < 32; ++k)
      sum += ops.a(s.row, k) * gemm_input_value(ops.dtype, ops.mode, ops.seed_b, k * 32 + s.col);
    got.push_back(sum);
  }
  const Verification v = check_gemm_samples(DType::bf16, 32, samples, got);
  EXPECT_FALSE(v.passed());
  EXPECT_GT(v.mismatches, 48U);
}

TEST(GemmReference, ToleranceScalesAsDocumented) {
  const GemmSample exact{0, 0, 256, 0};
  EXPECT_DOUBLE_EQ(gemm_tolerance(DType::bf16, exact, 1024), 1.0);            // 256 x 2^-8
  EXPECT_DOUBLE_EQ(gemm_tolerance(DType::fp8_e4m3, exact, 1024), 1.0);        // bf16 output
  EXPECT_DOUBLE_EQ(gemm_tolerance(DType::fp16, exact, 1024), 0.125);          // 256 x 2^-11
  EXPECT_DOUBLE_EQ(gemm_tolerance(DType::tf32, exact, 1024), 0x1p-16);        // 256 x 2^-24
  EXPECT_DOUBLE_EQ(gemm_tolerance(DType::bf16, {0, 0, -512, 0}, 1024), 2.0);  // |c|
  const GemmSample accumulated{0, 0, 0, 0x1p20};
  // 2^-23 x sqrt(K) x sum|a b|: x2 for 4x the K.
  EXPECT_DOUBLE_EQ(gemm_tolerance(DType::fp16, accumulated, 1024), 0x1p-23 * 32 * 0x1p20);
  EXPECT_DOUBLE_EQ(gemm_tolerance(DType::fp16, accumulated, 4096),
                   2 * gemm_tolerance(DType::fp16, accumulated, 1024));
  EXPECT_EQ(gemm_tolerance(DType::int8, {0, 0, 1e6, 1e7}, 16384), 0.0);  // int32: exact
  EXPECT_THROW(gemm_error_model(DType::fp64), std::invalid_argument);
}

TEST(GemmRotation, EnoughSetsToEvictL2) {
  const std::uint64_t l2 = 50 * kMiB;  // H100
  // 8192^3 bf16: 384 MiB, far above 2x L2.
  EXPECT_EQ(gemm_operand_sets(384 * kMiB, l2), 1U);
  // A decode GEMM on 4096 x 4096 bf16 weights: 32 MiB; 100 MiB must pass between uses.
  const std::uint64_t sets = gemm_operand_sets(32 * kMiB, l2);
  EXPECT_GE((sets - 1) * 32 * kMiB, l2_flush_bytes(l2));
  EXPECT_EQ(sets, 5U);
  EXPECT_EQ(gemm_operand_sets(1024, l2), kMaxGemmOperandSets);
  EXPECT_EQ(gemm_operand_sets(32 * kMiB, 0), 1U);  // L2 unknown
}

}  // namespace
}  // namespace ridgeline::gpu
