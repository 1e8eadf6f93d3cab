#include "backends/gpu/matrix_operand_values.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "backends/gpu/peak_table.hpp"

namespace ridgeline::gpu {
namespace {
namespace k = kernels;

bool fnuz_fp8(std::string_view arch) {
  const std::string base = base_arch(arch);  // gfx940 and gfx941 map to gfx942
  return base == "gfx942";
}

// Random bits of a normal number in [0.5, 2) with a random sign and the top `random_bits`
// mantissa bits random.
std::uint32_t random_float_bits(const k::SmallFloatFormat& f, std::mt19937_64& rng,
                                int random_bits) {
  const std::uint32_t mantissa_mask = (1U << f.mantissa_bits) - 1;
  const auto mantissa = static_cast<std::uint32_t>(rng()) & mantissa_mask &
                        ~((1U << (f.mantissa_bits - random_bits)) - 1);
  const auto exponent = static_cast<std::uint32_t>(f.bias - 1 + static_cast<int>(rng() & 1));
  const auto sign = static_cast<std::uint32_t>(rng() & 1);
  return sign << (f.exponent_bits + f.mantissa_bits) | exponent << f.mantissa_bits | mantissa;
}

std::uint32_t random_int8_bits(std::mt19937_64& rng) {
  const int value = static_cast<int>(rng() % 254) - 127;  // -127 .. 126
  return k::encode_int8(value == 0 ? 127 : value);
}

// -x in the element's encoding: the sign bit, or int8's two's complement (never -128).
std::uint32_t negated(const ElementFormat& f, std::uint32_t bits) {
  if (f.integer) return k::encode_int8(-static_cast<std::int8_t>(bits & 0xff));
  return bits ^ (1U << (f.format.exponent_bits + f.format.mantissa_bits));
}

}  // namespace

ElementFormat element_format(DType t, std::string_view arch) {
  switch (t) {
    case DType::fp32:
    case DType::tf32:
      return {false, k::kFp32Format};
    case DType::fp16:
      return {false, k::kFp16Format};
    case DType::bf16:
      return {false, k::kBf16Format};
    case DType::fp8_e4m3:
      return {false, fnuz_fp8(arch) ? k::kE4m3FnuzFormat : k::kE4m3Format};
    case DType::fp8_e5m2:
      return {false, fnuz_fp8(arch) ? k::kE5m2FnuzFormat : k::kE5m2Format};
    default:
      return {true, {}};
  }
}

double element_value(const ElementFormat& f, std::uint32_t bits) {
  if (f.integer) return static_cast<std::int8_t>(bits & 0xff);
  const auto& x = f.format;
  const std::uint32_t mantissa = bits & ((1U << x.mantissa_bits) - 1);
  const int exponent = static_cast<int>((bits >> x.mantissa_bits) & ((1U << x.exponent_bits) - 1));
  if (exponent == 0 && mantissa == 0) return 0;
  const double magnitude =
      exponent == 0 ? std::ldexp(mantissa, 1 - x.bias - x.mantissa_bits)
                    : std::ldexp(1.0 + std::ldexp(mantissa, -x.mantissa_bits), exponent - x.bias);
  return (bits >> (x.exponent_bits + x.mantissa_bits)) & 1U ? -magnitude : magnitude;
}

int random_mantissa_bits(DType t, unsigned k) {
  int log2_k = 0;
  while ((1U << (log2_k + 1)) <= k) ++log2_k;
  const int fit = (accumulator_bits(t) - log2_k) / 2 - 1;
  // tf32 operands are fp32 words of which the unit reads 10 mantissa bits.
  const int format = t == DType::tf32 ? 10 : element_format(t, "").format.mantissa_bits;
  return std::min(format, fit);
}

MatrixOperandBits operand_bits(DType t, std::string_view arch, OperandMode mode, std::uint64_t seed,
                               unsigned k) {
  const ElementFormat f = element_format(t, arch);
  const std::uint32_t one = f.integer ? k::encode_int8(1) : k::encode_small_integer(1, f.format);
  MatrixOperandBits bits{one, {one, one}, {one, one}};
  if (mode == OperandMode::exact) return bits;
  std::mt19937_64 rng(seed);
  const int random_bits = f.integer ? 0 : random_mantissa_bits(t, k);
  const auto draw = [&] {
    return f.integer ? random_int8_bits(rng) : random_float_bits(f.format, rng, random_bits);
  };
  // a and b differ, so the two sets toggle every multiplier input (an 8-bit format has
  // few values in [0.5, 2), so a draw can repeat).
  const std::uint32_t a = draw();
  std::uint32_t b = draw();
  while (b == a || b == negated(f, a)) b = draw();
  bits.a[0] = a;
  bits.b[0] = b;
  bits.a[1] = negated(f, b);
  bits.b[1] = a;
  return bits;
}

int accumulator_bits(DType t) {
  switch (t) {
    case DType::int8:
      return 32;
    case DType::fp8_e4m3:
    case DType::fp8_e5m2:
      return 13;
    default:
      return 24;
  }
}

std::uint64_t max_counted_instructions(DType t, unsigned k) {
  static_cast<void>(k);  // the accumulator holds K x (seed + N): K only moves the exponent
  if (t == DType::int8) return std::numeric_limits<std::uint64_t>::max();
  // seed + N (|seed| <= 32) below 2^(bits - 1): one bit of margin.
  return static_cast<std::uint64_t>(std::ldexp(1.0, accumulator_bits(t) - 1) - 64);
}

MatrixExpectation expect_matrix(DType t, std::string_view arch, OperandMode mode,
                                const MatrixOperandBits& bits, unsigned k,
                                std::uint64_t instructions) {
  MatrixExpectation e;
  e.dtype = t;
  e.mode = mode;
  e.k = k;
  e.instructions = instructions;
  const ElementFormat f = element_format(t, arch);
  e.random_value = k * element_value(f, bits.a[0]) * element_value(f, bits.b[0]);
  return e;
}

double counted_value(const MatrixExpectation& e, std::int64_t seed) {
  if (e.dtype == DType::int8) {
    const auto wrapped = static_cast<std::uint32_t>(
        (static_cast<std::uint64_t>(seed) + e.instructions) * std::uint64_t{e.k});
    return static_cast<std::int32_t>(wrapped);
  }
  return (static_cast<double>(seed) + static_cast<double>(e.instructions)) * e.k;
}

}  // namespace ridgeline::gpu
