#include "backends/gpu/gemm_reference.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <sstream>
#include <stdexcept>
#include <string>

namespace ridgeline::gpu {
std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

namespace {

template <class T>
void store(void* dst, T value) {
  std::memcpy(dst, &value, sizeof(T));
}
template <class T>
T load(const void* src) {
  T value;
  std::memcpy(&value, src, sizeof(T));
  return value;
}

}  // namespace

namespace {

// Mantissa bits of an input format (tf32: the 10 the unit reads of an fp32 word).
int mantissa_bits(DType t) {
  switch (t) {
    case DType::bf16:
      return 7;
    case DType::fp16:
    case DType::tf32:
      return 10;
    case DType::fp8_e4m3:
      return 3;
    case DType::fp8_e5m2:
      return 2;
    default:
      return 23;
  }
}

}  // namespace

double gemm_input_value(DType t, OperandMode mode, std::uint64_t seed, std::uint64_t index) {
  const std::uint64_t bits = splitmix64(index ^ splitmix64(seed));
  // The top three bits of a 64-bit mix pick one of the eight exact values.
  if (mode == OperandMode::exact) return kGemmInputValues[bits >> 61];
  if (t == DType::int8) {
    const int v = static_cast<int>(bits % 254) - 127;  // -127 .. 126
    return v == 0 ? 127 : v;
  }
  const int m = mantissa_bits(t);
  const double fraction = std::ldexp(static_cast<double>(bits & ((1ULL << m) - 1)), -m);
  const double magnitude = std::ldexp(1.0 + fraction, (bits >> 62 & 1) != 0 ? 0 : -1);
  return (bits >> 63) != 0 ? -magnitude : magnitude;
}

std::uint16_t bf16_bits(float value) {
  const auto x = std::bit_cast<std::uint32_t>(value);
  if (std::isnan(value)) return static_cast<std::uint16_t>((x >> 16) | 0x0040);  // quiet NaN
  return static_cast<std::uint16_t>((x + 0x7fff + ((x >> 16) & 1)) >> 16);
}

float bf16_value(std::uint16_t bits) {
  return std::bit_cast<float>(static_cast<std::uint32_t>(bits) << 16);
}

std::uint16_t fp16_bits(float value) {
  const auto x = std::bit_cast<std::uint32_t>(value);
  const auto sign = static_cast<std::uint16_t>((x >> 16) & 0x8000);
  const std::uint32_t magnitude = x & 0x7fffffff;
  if (magnitude > 0x7f800000) return sign | 0x7e00;   // NaN
  if (magnitude >= 0x477ff000) return sign | 0x7c00;  // >= 65520 rounds to infinity
  if (magnitude < 0x38800000) {                       // below 2^-14: subnormal, unit 2^-24
    const float scaled = std::bit_cast<float>(magnitude) * 0x1p24f;  // exact (power of two)
    return sign | static_cast<std::uint16_t>(std::nearbyint(scaled));
  }
  // Rebias the exponent (127 -> 15) and round the fraction from 23 to 10 bits; a carry
  // out of the fraction correctly increments the exponent.
  std::uint32_t r = magnitude - ((127u - 15u) << 23);
  r += 0x0fff + ((r >> 13) & 1);
  return sign | static_cast<std::uint16_t>(r >> 13);
}

float fp16_value(std::uint16_t bits) {
  const float sign = (bits & 0x8000) != 0 ? -1.0f : 1.0f;
  const int exponent = (bits >> 10) & 0x1f;
  const int fraction = bits & 0x3ff;
  if (exponent == 0) return sign * std::ldexp(static_cast<float>(fraction), -24);
  if (exponent == 31) return fraction == 0 ? sign * INFINITY : NAN;
  return sign * std::ldexp(static_cast<float>(fraction | 0x400), exponent - 25);
}

std::uint8_t fp8_e4m3_bits(float value) {
  const std::uint8_t sign = std::signbit(value) ? 0x80 : 0x00;
  if (std::isnan(value)) return sign | 0x7f;
  const float magnitude = std::fabs(value);
  if (magnitude >= 448.0f) return sign | 0x7e;  // satfinite: e4m3 has no infinity
  if (magnitude < 0x1p-6f) {                    // subnormal, unit 2^-9
    return sign | static_cast<std::uint8_t>(std::nearbyint(magnitude * 0x1p9f));
  }
  int exponent = std::ilogb(magnitude);  // magnitude = 1.f x 2^exponent, -6 <= exponent <= 8
  int significand = static_cast<int>(std::nearbyint(std::ldexp(magnitude, 3 - exponent)));
  if (significand == 16) {  // rounded up to the next power of two
    significand = 8;
    ++exponent;
  }
  if (exponent > 8) return sign | 0x7e;
  return sign | static_cast<std::uint8_t>(((exponent + 7) << 3) | (significand - 8));
}

float fp8_e4m3_value(std::uint8_t bits) {
  const float sign = (bits & 0x80) != 0 ? -1.0f : 1.0f;
  const int exponent = (bits >> 3) & 0xf;
  const int fraction = bits & 0x7;
  if (exponent == 15 && fraction == 7) return NAN;
  if (exponent == 0) return sign * std::ldexp(static_cast<float>(fraction), -9);
  return sign * std::ldexp(static_cast<float>(fraction | 0x8), exponent - 10);
}

float tf32_round(float value) {
  if (!std::isfinite(value)) return value;
  auto x = std::bit_cast<std::uint32_t>(value);
  x += 0x0fff + ((x >> 13) & 1);
  return std::bit_cast<float>(x & ~std::uint32_t{0x1fff});
}

void encode_gemm_value(DType t, double value, void* dst) {
  const auto f = static_cast<float>(value);
  switch (t) {
    case DType::fp64:
      return store(dst, value);
    case DType::fp32:
      return store(dst, f);
    case DType::tf32:
      return store(dst, tf32_round(f));
    case DType::bf16:
      return store(dst, bf16_bits(f));
    case DType::fp16:
      return store(dst, fp16_bits(f));
    case DType::fp8_e4m3:
      return store(dst, fp8_e4m3_bits(f));
    case DType::int32:
      return store(dst, static_cast<std::int32_t>(value));
    case DType::int8:
      return store(dst, static_cast<std::int8_t>(value));
    case DType::fp8_e5m2:
      break;
  }
  throw std::invalid_argument("no host encoding for " + std::string(to_string(t)));
}

double decode_gemm_value(DType t, const void* src) {
  switch (t) {
    case DType::fp64:
      return load<double>(src);
    case DType::fp32:
    case DType::tf32:
      return load<float>(src);
    case DType::bf16:
      return bf16_value(load<std::uint16_t>(src));
    case DType::fp16:
      return fp16_value(load<std::uint16_t>(src));
    case DType::fp8_e4m3:
      return fp8_e4m3_value(load<std::uint8_t>(src));
    case DType::int32:
      return load<std::int32_t>(src);
    case DType::int8:
      return load<std::int8_t>(src);
    case DType::fp8_e5m2:
      break;
  }
  throw std::invalid_argument("no host decoding for " + std::string(to_string(t)));
}

namespace {}  // namespace

void encode_gemm_inputs(DType t, OperandMode mode, std::uint64_t seed, std::uint64_t first,
                        std::uint64_t count, void* dst) {
  auto* out = static_cast<unsigned char*>(dst);
  const std::size_t bytes = size_of(t);
  for (std::uint64_t i = 0; i < count; ++i)
    encode_gemm_value(t, gemm_input_value(t, mode, seed, first + i), out + i * bytes);
}

GemmSample gemm_reference_at(const GemmOperands& operands, std::uint64_t row, std::uint64_t col) {
  // In fp64: exact for the exact operands, and 2^-53-accurate for the random ones.
  double sum = 0;
  double magnitude = 0;
  for (std::uint64_t k = 0; k < operands.shape.k; ++k) {
    const double product = operands.a(row, k) * operands.b(k, col);
    sum += product;
    magnitude += std::fabs(product);
  }
  return {row, col, sum, magnitude};
}

std::vector<GemmSample> gemm_reference_samples(const GemmOperands& operands, std::size_t count,
                                               std::uint64_t seed) {
  const GemmShape& s = operands.shape;
  if (s.empty()) throw std::invalid_argument("gemm reference of an empty shape");
  std::vector<GemmSample> samples;
  samples.reserve(count);
  const std::array<std::pair<std::uint64_t, std::uint64_t>, 4> corners{
      {{0, 0}, {0, s.n - 1}, {s.m - 1, 0}, {s.m - 1, s.n - 1}}};
  for (std::size_t i = 0; i < std::min(count, corners.size()); ++i)
    samples.push_back(gemm_reference_at(operands, corners[i].first, corners[i].second));
  std::uint64_t state = seed;
  while (samples.size() < count) {
    state = splitmix64(state);
    const std::uint64_t row = state % s.m;
    state = splitmix64(state);
    samples.push_back(gemm_reference_at(operands, row, state % s.n));
  }
  return samples;
}

GemmErrorModel gemm_error_model(DType input) {
  constexpr double kFp32Accumulation = 0x1p-23;
  if (input == DType::fp8_e4m3 || input == DType::fp8_e5m2) return {0x1p-8, 0x1p-12};
  switch (kernels::gemm_output_dtype(input)) {
    case DType::bf16:
      return {0x1p-8, kFp32Accumulation};
    case DType::fp16:
      return {0x1p-11, kFp32Accumulation};
    case DType::fp32:
      return {0x1p-24, kFp32Accumulation};
    case DType::int32:
      return {0, 0};
    default:
      break;
  }
  throw std::invalid_argument("no gemm error model for " + std::string(to_string(input)));
}

double gemm_tolerance(DType input, const GemmSample& sample, std::uint64_t k) {
  const GemmErrorModel model = gemm_error_model(input);
  return model.output_roundoff * std::fabs(sample.expected) +
         model.accumulation_roundoff * std::sqrt(static_cast<double>(k)) * sample.magnitude;
}

Verification check_gemm_samples(DType input, std::uint64_t k, std::span<const GemmSample> samples,
                                std::span<const double> got) {
  if (samples.size() != got.size())
    throw std::invalid_argument("check_gemm_samples: one value per sample expected");
  Comparison c;
  for (std::size_t i = 0; i < samples.size(); ++i)
    c.check(i, got[i], samples[i].expected, gemm_tolerance(input, samples[i], k));
  return c.result("sampled elements of C", [&](std::uint64_t i) {
    const GemmSample& s = samples[i];
    return "C(" + std::to_string(s.row) + "," + std::to_string(s.col) + ") (tolerance " +
           std::to_string(gemm_tolerance(input, s, k)) + ")";
  });
}

}  // namespace ridgeline::gpu
