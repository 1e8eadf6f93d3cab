// The mma kernel's operand encodings and host model: what every accumulator must hold,
// checked against a plain matrix product of the fragments, and the errors it catches.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <vector>

#include "backends/gpu/matrix_operand_values.hpp"
#include "backends/gpu/mma_model.hpp"
#include "kernels/matrix_operands.hpp"

namespace ridgeline::gpu {
namespace {

namespace k = kernels;

// Reads bits written by encode_small_integer (normal numbers only, as used there).
double decode(std::uint32_t bits, k::SmallFloatFormat f) {
  if (bits == 0) return 0;
  const std::uint32_t mantissa = bits & ((1U << f.mantissa_bits) - 1);
  const int exponent =
      static_cast<int>((bits >> f.mantissa_bits) & ((1U << f.exponent_bits) - 1)) - f.bias;
  const double magnitude = std::ldexp(1.0 + std::ldexp(mantissa, -f.mantissa_bits), exponent);
  return (bits >> (f.exponent_bits + f.mantissa_bits)) & 1U ? -magnitude : magnitude;
}

TEST(MmaOperands, KnownEncodings) {
  EXPECT_EQ(k::encode_small_integer(1, k::kFp16Format), 0x3C00U);
  EXPECT_EQ(k::encode_small_integer(-2, k::kFp16Format), 0xC000U);
  EXPECT_EQ(k::encode_small_integer(3, k::kBf16Format), 0x4040U);
  EXPECT_EQ(k::encode_small_integer(2, k::kFp32Format), 0x40000000U);
  EXPECT_EQ(k::encode_small_integer(3, k::kE4m3Format), 0x44U);
  EXPECT_EQ(k::encode_small_integer(-2, k::kE5m2Format), 0xC0U);
  EXPECT_EQ(k::encode_small_integer(3, k::kE5m2Format), 0x42U);
  // FNUZ (AMD CDNA3): bias one larger, so 1.0 has the bits OCP uses for 2.0.
  EXPECT_EQ(k::encode_small_integer(1, k::kE4m3FnuzFormat), 0x40U);
  EXPECT_EQ(k::encode_small_integer(1, k::kE5m2FnuzFormat), 0x40U);
  EXPECT_EQ(k::encode_small_integer(2, k::kE4m3Format), 0x40U);
  EXPECT_EQ(k::encode_int8(-2), 0xFEU);
  EXPECT_EQ(k::replicate8(0xFE), 0xFEFEFEFEU);
  EXPECT_EQ(k::replicate16(0x3C00), 0x3C003C00U);
}

TEST(MmaOperands, EveryFormatRoundTripsTheSmallIntegers) {
  for (const k::SmallFloatFormat f :
       {k::kFp32Format, k::kFp16Format, k::kBf16Format, k::kE4m3Format, k::kE5m2Format,
        k::kE4m3FnuzFormat, k::kE5m2FnuzFormat})
    for (int v = -7; v <= 7; ++v)
      EXPECT_EQ(decode(k::encode_small_integer(v, f), f), v) << v << " " << f.exponent_bits;
}

TEST(MmaOperands, OcpBitsOnFnuzHardwareAreHalfTheValue) {
  // The mistake verification must catch: OCP e4m3 operands given to a CDNA3 unit.
  EXPECT_EQ(decode(k::encode_small_integer(2, k::kE4m3Format), k::kE4m3FnuzFormat), 1.0);
}

TEST(MmaOperands, SeedsStayInsideEveryAccumulatorsExactRange) {
  for (std::uint64_t warp = 0; warp < 64; ++warp)
    for (unsigned lane = 0; lane < 64; ++lane) {
      EXPECT_GE(k::mma_seed(warp, lane, 7, 15), -32);
      EXPECT_LT(k::mma_seed(warp, lane, 7, 15), 32);
    }
  // Neighbouring lanes, registers, chains and warps start apart.
  EXPECT_NE(k::mma_seed(0, 0, 0, 0), k::mma_seed(0, 1, 0, 0));
  EXPECT_NE(k::mma_seed(0, 0, 0, 0), k::mma_seed(0, 0, 0, 1));
  EXPECT_NE(k::mma_seed(0, 0, 0, 0), k::mma_seed(0, 0, 1, 0));
  EXPECT_NE(k::mma_seed(0, 0, 0, 0), k::mma_seed(1, 0, 0, 0));
}

TEST(MatrixOperands, RandomSetsAreFreshFullEntropyAndExactMode) {
  for (DType t : {DType::fp16, DType::bf16, DType::tf32, DType::fp8_e4m3, DType::fp8_e5m2}) {
    const ElementFormat f = element_format(t, "sm_90a");
    const MatrixOperandBits exact = operand_bits(t, "sm_90a", OperandMode::exact, 1, 16);
    EXPECT_EQ(element_value(f, exact.one), 1.0) << to_string(t);
    EXPECT_EQ(exact.a[0], exact.one);
    std::uint32_t mantissas = 0;
    for (std::uint64_t seed = 0; seed < 64; ++seed) {
      const MatrixOperandBits r = operand_bits(t, "sm_90a", OperandMode::random, seed, 16);
      EXPECT_EQ(element_value(f, r.one), 1.0);
      for (std::uint32_t bits : {r.a[0], r.a[1], r.b[0], r.b[1]}) {
        const double v = std::fabs(element_value(f, bits));
        EXPECT_GE(v, 0.5) << to_string(t);
        EXPECT_LT(v, 2.0) << to_string(t);
        mantissas |= bits;
      }
      EXPECT_NE(r.a[0], r.a[1]) << "two sets, so inputs toggle between instructions";
      // The sets' products cancel exactly: (-b) x a = -(a x b).
      EXPECT_EQ(element_value(f, r.a[1]) * element_value(f, r.b[1]),
                -element_value(f, r.a[0]) * element_value(f, r.b[0]));
    }
    const int m = random_mantissa_bits(t, 16);
    const int top = f.format.mantissa_bits;
    EXPECT_EQ((mantissas >> (top - m)) & ((1U << m) - 1), (1U << m) - 1)
        << "every random mantissa bit varies";
  }
  EXPECT_EQ(random_mantissa_bits(DType::bf16, 16), 7);  // all of them
  EXPECT_EQ(random_mantissa_bits(DType::fp16, 16), 9);  // 2 x 10 + 4 > 24 bits
  EXPECT_EQ(random_mantissa_bits(DType::fp32, 2), 10);  // MFMA f32
  EXPECT_EQ(random_mantissa_bits(DType::fp8_e4m3, 32), 3);
  // fp8 is FNUZ on gfx942 and OCP on gfx950: the same 1.0 has other bits.
  EXPECT_NE(operand_bits(DType::fp8_e4m3, "gfx942", OperandMode::exact, 0, 16).one,
            operand_bits(DType::fp8_e4m3, "gfx950", OperandMode::exact, 0, 16).one);
  EXPECT_EQ(element_value(element_format(DType::int8, "sm_90a"),
                          operand_bits(DType::int8, "sm_90a", OperandMode::exact, 0, 32).one),
            1.0);
}

TEST(MatrixOperands, CountingStaysInsideTheAccumulatorsExactRange) {
  EXPECT_EQ(max_counted_instructions(DType::int8, 32), UINT64_MAX);  // int32 wraps exactly
  for (DType t : {DType::fp16, DType::bf16, DType::tf32, DType::fp8_e4m3})
    for (unsigned kk : {8U, 16U, 32U}) {
      const std::uint64_t n = max_counted_instructions(t, kk);
      EXPECT_LT(32 + static_cast<double>(n), std::ldexp(1.0, accumulator_bits(t)));
      EXPECT_GT(n, 4000U) << "long enough calls";
    }
  EXPECT_EQ(accumulator_bits(DType::fp8_e4m3), 13);
}

// A small grid of the mma kernel computed the long way, the way kernels/matrix_operands.hpp
// says the device runs it: each instruction a real M x N x K product of the decoded
// fragments (every element one value) added to the accumulator, in fp32 as the unit
// does; counting chains multiply ones, random chains sets 0 and 1 in turn; stored where
// the kernel stores a lane's accumulators (the lane -> tile-element mapping does not
// matter, so lane l holds elements l, l + lanes, ... of the tile).
struct Simulated {
  MmaOutputLayout layout;
  MatrixExpectation expectation;
  std::vector<float> out;
};
Simulated simulate(DType t, OperandMode mode, unsigned m, unsigned n, unsigned kdim, unsigned lanes,
                   std::uint64_t instructions, std::uint64_t ran, std::string_view arch = "sm_90a",
                   std::string_view read_as = "sm_90a") {
  Simulated s;
  s.layout = {6, lanes, 3, m * n / lanes};
  const MatrixOperandBits bits = operand_bits(t, arch, mode, 42, kdim);
  s.expectation = expect_matrix(t, arch, mode, bits, kdim, instructions);
  s.out.resize(s.layout.values());
  const ElementFormat f = element_format(t, read_as);
  for (std::uint64_t warp = 0; warp < s.layout.warps; ++warp)
    for (unsigned c = 0; c < s.layout.chains; ++c) {
      const bool counting = k::counting_chain(mode == OperandMode::random, c);
      std::vector<float> d(std::size_t{m} * n);
      for (unsigned e = 0; e < m * n; ++e)
        d[e] = counting ? static_cast<float>(kdim) *
                              static_cast<float>(k::mma_seed(warp, e % lanes, c, e / lanes))
                        : 0;
      // The loop's pairs, then one set-0 instruction: `ran` instructions in that order.
      for (std::uint64_t step = 0; step < ran; ++step) {
        const std::uint64_t set = step + 1 == ran ? 0 : step % 2;
        const auto a = static_cast<float>(element_value(f, counting ? bits.one : bits.a[set]));
        const auto b = static_cast<float>(element_value(f, counting ? bits.one : bits.b[set]));
        for (unsigned i = 0; i < m; ++i)
          for (unsigned j = 0; j < n; ++j)
            for (unsigned q = 0; q < kdim; ++q) d[i * n + j] += a * b;
      }
      for (unsigned e = 0; e < m * n; ++e)
        s.out[k::mma_output_index(warp, c, e / lanes, e % lanes, s.layout.chains,
                                  s.layout.accumulators, lanes)] = d[e];
    }
  return s;
}

Verification check(const Simulated& s) { return check_mma_output(s.layout, s.expectation, s.out); }

TEST(MmaModel, MatchesARealMatrixProductForEveryShapeAndMode) {
  // mma.sync m16n8k16 / m16n8k32 (32 lanes), MFMA 32x32x8 (64 lanes).
  constexpr std::array<std::array<unsigned, 4>, 3> kShapes{
      {{16, 8, 16, 32}, {16, 8, 32, 32}, {32, 32, 8, 64}}};
  for (OperandMode mode : {OperandMode::exact, OperandMode::random})
    for (const auto& [m, n, kdim, lanes] : kShapes)
      for (std::uint64_t instructions : {1, 5, 11}) {
        const Simulated s =
            simulate(DType::bf16, mode, m, n, kdim, lanes, instructions, instructions);
        const Verification v = check(s);
        EXPECT_TRUE(v.passed()) << v.detail;
        EXPECT_EQ(v.checked, s.out.size());
      }
}

TEST(MmaModel, SkippedWorkFailsInEveryMode) {
  for (OperandMode mode : {OperandMode::exact, OperandMode::random}) {
    // A skipped pair (one iteration of the loop), a skipped instruction, a launch that ran
    // no iteration at all: the counting chains see every one of them.
    for (std::uint64_t ran : {9U, 10U, 1U, 0U}) {
      const Simulated s = simulate(DType::fp16, mode, 16, 8, 16, 32, 11, ran);
      const Verification v = check(s);
      EXPECT_FALSE(v.passed()) << "ran " << ran << " of 11";
      EXPECT_GE(v.mismatches, s.out.size() / 3) << "at least every counting accumulator";
    }
  }
}

TEST(MmaModel, ExpectedValues) {
  const MmaOutputLayout layout{4, 32, 8, 4};
  const MatrixOperandBits bits = operand_bits(DType::fp16, "sm_90a", OperandMode::random, 7, 16);
  const MatrixExpectation e =
      expect_matrix(DType::fp16, "sm_90a", OperandMode::random, bits, 16, 1000);
  // Index 0: warp 0, chain 0 (counting), register 0, lane 0: seed -32.
  EXPECT_EQ(mma_expected_value(layout, e, 0).value, (-32 + 1000) * 16);
  EXPECT_EQ(mma_expected_value(layout, e, 0).tolerance, 0);
  // Chain 1 is random: K x a x b, exactly.
  const std::uint64_t chain1 = k::mma_output_index(0, 1, 0, 0, 8, 4, 32);
  const ElementFormat f = element_format(DType::fp16, "sm_90a");
  EXPECT_EQ(mma_expected_value(layout, e, chain1).value,
            16 * element_value(f, bits.a[0]) * element_value(f, bits.b[0]));
  EXPECT_EQ(mma_expected_value(layout, e, chain1).tolerance, 0);
}

TEST(MmaModel, OneWrongValueIsFoundAndNamed) {
  Simulated s = simulate(DType::bf16, OperandMode::exact, 16, 8, 16, 32, 5, 5);
  const std::uint64_t planted = k::mma_output_index(4, 1, 2, 17, 3, 4, 32);
  s.out[planted] += 1;
  const Verification v = check(s);
  EXPECT_FALSE(v.passed());
  EXPECT_EQ(v.mismatches, 1U);
  EXPECT_EQ(v.max_abs_error, 1.0);
  EXPECT_NE(v.detail.find("warp 4 chain 1 register 2 lane 17"), std::string::npos) << v.detail;
}

TEST(MmaModel, AWrongShapeFailsEveryCountingValue) {
  // The kernel ran m16n8k8 where the host counted m16n8k16.
  Simulated s = simulate(DType::fp16, OperandMode::exact, 16, 8, 8, 32, 5, 5);
  s.expectation.k = 16;
  // All but the few accumulators whose seed + N is zero.
  EXPECT_GT(check(s).mismatches, s.out.size() * 9 / 10);
}

TEST(MmaModel, AWrongFp8EncodingFails) {
  // OCP bits fed to an FNUZ unit: every product is a quarter of the model's.
  const Simulated s =
      simulate(DType::fp8_e4m3, OperandMode::exact, 32, 32, 16, 64, 3, 3, "gfx950", "gfx942");
  EXPECT_EQ(check(s).mismatches, s.out.size());
}

TEST(MmaModel, SwappedLanesFail) {
  Simulated s = simulate(DType::fp16, OperandMode::exact, 16, 8, 16, 32, 3, 3);
  std::swap(s.out[0], s.out[1]);
  EXPECT_EQ(check(s).mismatches, 2U);
}

TEST(MmaModel, NanAndShortOutputFail) {
  Simulated s = simulate(DType::fp16, OperandMode::random, 16, 8, 16, 32, 3, 3);
  s.out[40] = NAN;
  const Verification nan = check(s);
  EXPECT_FALSE(nan.passed());
  EXPECT_TRUE(std::isinf(nan.max_abs_error));
  s.out.pop_back();
  EXPECT_FALSE(check(s).passed());
}

TEST(MmaModel, Int32AccumulatorsWrapAndAreCheckedExactly) {
  const MmaOutputLayout layout{2, 64, 4, 16};
  const MatrixOperandBits bits = operand_bits(DType::int8, "gfx942", OperandMode::exact, 0, 16);
  // Past 2^32: the int32 accumulators wrap, and so does the model.
  const MatrixExpectation e =
      expect_matrix(DType::int8, "gfx942", OperandMode::exact, bits, 16, 300'000'000);
  std::vector<std::int32_t> out(layout.values());
  for (std::uint64_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<std::int32_t>(mma_expected_value(layout, e, i).value);
  EXPECT_TRUE(check_mma_output(layout, e, out).passed());
  EXPECT_NE(out[0], (-32 + 300'000'000LL) * 16);  // wrapped past 2^32
  out.back() -= 1;
  EXPECT_EQ(check_mma_output(layout, e, out).mismatches, 1U);
}

}  // namespace
}  // namespace ridgeline::gpu
