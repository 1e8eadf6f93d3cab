// The mma kernel's operand encodings and host model: what every accumulator must hold,
// checked against a plain matrix product of the fragments, and the errors it catches.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

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

TEST(MmaOperands, ValuesStayInsideEveryAccumulatorsExactRange) {
  for (std::uint64_t warp = 0; warp < 64; ++warp) {
    EXPECT_GE(k::mma_a_value(warp), 1);
    EXPECT_LE(k::mma_a_value(warp) * k::mma_b_value(warp), 6);
    for (unsigned lane = 0; lane < 64; ++lane) {
      EXPECT_GE(k::mma_seed(warp, lane, 7, 15), -32);
      EXPECT_LT(k::mma_seed(warp, lane, 7, 15), 32);
    }
  }
  // Neighbouring lanes, registers, chains and warps start apart.
  EXPECT_NE(k::mma_seed(0, 0, 0, 0), k::mma_seed(0, 1, 0, 0));
  EXPECT_NE(k::mma_seed(0, 0, 0, 0), k::mma_seed(0, 0, 0, 1));
  EXPECT_NE(k::mma_seed(0, 0, 0, 0), k::mma_seed(0, 0, 1, 0));
  EXPECT_NE(k::mma_seed(0, 0, 0, 0), k::mma_seed(1, 0, 0, 0));
}

// A small grid of the kernel computed the long way: each instruction a real M x N x K
// product of the decoded fragments, +B and -B alternating, stored where the kernel
// stores each lane's accumulators (the lane -> tile-element mapping does not matter,
// so lane l holds elements l, l + lanes, ... of the tile).
struct Simulated {
  MmaOutputLayout layout;
  std::vector<float> out;
};
Simulated simulate(unsigned m, unsigned n, unsigned kdim, unsigned lanes, std::uint64_t steps,
                   k::SmallFloatFormat format, k::SmallFloatFormat read_as) {
  Simulated s;
  s.layout = {6, lanes, 2, m * n / lanes, kdim, steps};
  s.out.resize(s.layout.values());
  for (std::uint64_t warp = 0; warp < s.layout.warps; ++warp) {
    const double a = decode(k::encode_small_integer(k::mma_a_value(warp), format), read_as);
    const double b = decode(k::encode_small_integer(k::mma_b_value(warp), format), read_as);
    const std::vector<double> a_tile(std::size_t{m} * kdim, a);
    for (unsigned c = 0; c < s.layout.chains; ++c) {
      std::vector<double> d(std::size_t{m} * n);
      for (unsigned e = 0; e < m * n; ++e) d[e] = k::mma_seed(warp, e % lanes, c, e / lanes);
      for (std::uint64_t step = 0; step < steps; ++step) {
        const std::vector<double> b_tile(std::size_t{kdim} * n, step % 2 == 0 ? b : -b);
        for (unsigned i = 0; i < m; ++i)
          for (unsigned j = 0; j < n; ++j)
            for (unsigned q = 0; q < kdim; ++q)
              d[i * n + j] += a_tile[i * kdim + q] * b_tile[q * n + j];
      }
      for (unsigned e = 0; e < m * n; ++e)
        s.out[k::mma_output_index(warp, c, e / lanes, e % lanes, s.layout.chains,
                                  s.layout.accumulators, lanes)] = static_cast<float>(d[e]);
    }
  }
  return s;
}

TEST(MmaModel, MatchesARealMatrixProductForEveryShape) {
  // mma.sync m16n8k16 / m16n8k32 (32 lanes), MFMA 32x32x8 (64 lanes), odd step counts.
  constexpr std::array<std::array<unsigned, 4>, 3> kShapes{
      {{16, 8, 16, 32}, {16, 8, 32, 32}, {32, 32, 8, 64}}};
  for (const auto& [m, n, kdim, lanes] : kShapes)
    for (std::uint64_t steps : {1, 3, 7}) {
      const Simulated s = simulate(m, n, kdim, lanes, steps, k::kE4m3Format, k::kE4m3Format);
      const Verification v = check_mma_output(s.layout, s.out);
      EXPECT_TRUE(v.passed()) << v.detail;
      EXPECT_EQ(v.checked, s.out.size());
      EXPECT_EQ(v.tolerance, 0);
    }
}

TEST(MmaModel, ExpectedValueIsSeedPlusKab) {
  const MmaOutputLayout layout{4, 32, 8, 4, 16, 5};
  // Index 0: warp 0, chain 0, register 0, lane 0: seed -32, a = 1, b = 1.
  EXPECT_EQ(mma_expected_value(layout, 0), -32 + 16);
  // Warp 3: a = 1, b = 2.
  const std::uint64_t warp3 = k::mma_output_index(3, 0, 0, 0, 8, 4, 32);
  EXPECT_EQ(mma_expected_value(layout, warp3), k::mma_seed(3, 0, 0, 0) + 16 * 1 * 2);
}

TEST(MmaModel, OneWrongValueIsFoundAndNamed) {
  Simulated s = simulate(16, 8, 16, 32, 3, k::kBf16Format, k::kBf16Format);
  const std::uint64_t planted = k::mma_output_index(4, 1, 2, 17, 2, 4, 32);
  s.out[planted] += 1;
  const Verification v = check_mma_output(s.layout, s.out);
  EXPECT_FALSE(v.passed());
  EXPECT_EQ(v.mismatches, 1U);
  EXPECT_EQ(v.max_abs_error, 1.0);
  EXPECT_NE(v.detail.find("warp 4 chain 1 register 2 lane 17"), std::string::npos) << v.detail;
}

TEST(MmaModel, AWrongShapeFailsEveryValue) {
  // The kernel ran m16n8k8 where the host counted m16n8k16.
  Simulated s = simulate(16, 8, 8, 32, 3, k::kFp16Format, k::kFp16Format);
  s.layout.k = 16;
  EXPECT_EQ(check_mma_output(s.layout, s.out).mismatches, s.out.size());
}

TEST(MmaModel, ASkippedInstructionFailsEveryValue) {
  Simulated s = simulate(16, 8, 16, 32, 2, k::kFp16Format, k::kFp16Format);
  s.layout.iterations = 3;
  EXPECT_EQ(check_mma_output(s.layout, s.out).mismatches, s.out.size());
}

TEST(MmaModel, AWrongFp8EncodingFails) {
  // OCP bits fed to an FNUZ unit: every product is a quarter of the model's.
  const Simulated s = simulate(32, 32, 16, 64, 1, k::kE4m3Format, k::kE4m3FnuzFormat);
  EXPECT_EQ(check_mma_output(s.layout, s.out).mismatches, s.out.size());
}

TEST(MmaModel, SwappedLanesFail) {
  Simulated s = simulate(16, 8, 16, 32, 1, k::kFp16Format, k::kFp16Format);
  std::swap(s.out[0], s.out[1]);
  EXPECT_EQ(check_mma_output(s.layout, s.out).mismatches, 2U);
}

TEST(MmaModel, NanAndShortOutputFail) {
  Simulated s = simulate(16, 8, 16, 32, 1, k::kFp16Format, k::kFp16Format);
  s.out[5] = NAN;
  const Verification nan = check_mma_output(s.layout, s.out);
  EXPECT_FALSE(nan.passed());
  EXPECT_TRUE(std::isinf(nan.max_abs_error));
  s.out.pop_back();
  EXPECT_FALSE(check_mma_output(s.layout, s.out).passed());
}

TEST(MmaModel, Int32AccumulatorsAreCheckedExactly) {
  const MmaOutputLayout layout{2, 64, 4, 16, 16, 9};
  std::vector<std::int32_t> out(layout.values());
  for (std::uint64_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<std::int32_t>(mma_expected_value(layout, i));
  EXPECT_TRUE(check_mma_output(layout, out).passed());
  out.back() -= 1;
  EXPECT_EQ(check_mma_output(layout, out).mismatches, 1U);
}

}  // namespace
}  // namespace ridgeline::gpu
