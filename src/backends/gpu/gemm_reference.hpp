// The host side of checking a vendor-library GEMM (cuBLASLt now, hipBLASLt later): the
// input values and their encodings, the operand layout, a sampled fp64 reference and the
// tolerance a sample is held to. Plain C++: every piece is tested without a GPU.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "core/dtype.hpp"
#include "core/verification.hpp"
#include "kernels/matrix.hpp"

namespace ridgeline::gpu {

using kernels::GemmShape;

using kernels::OperandMode;

// Exact operands: every input element is one of these: nonzero (a zero would hide a
// dropped product) integers of magnitude <= 4, exact in int8, fp8 e4m3, fp16, bf16 and
// tf32. Products are integers of magnitude <= 16, so every partial sum of a K <= 2^20
// dot product is an integer below 2^24: any fp32 accumulation order is exact, and what
// remains between the device and the reference is the rounding of C to its format.
inline constexpr std::array<std::int8_t, 8> kGemmInputValues{-4, -3, -2, -1, 1, 2, 3, 4};

// Element `index` of the matrix drawn with `seed`, exactly representable in input dtype
// `t`: a counter-based hash, so the reference regenerates any element without keeping
// the matrices on the host. Exact mode: one of kGemmInputValues. Random mode (the
// default, real data's power draw): a random sign, a magnitude in [0.5, 2) with every
// mantissa bit of the format random (tf32: 10 bits), or for int8 any of -127..127 but 0.
double gemm_input_value(DType t, OperandMode mode, std::uint64_t seed, std::uint64_t index);

// A 64-bit mix of x (splitmix64's finaliser): the hash inputs and seeds are drawn from.
std::uint64_t splitmix64(std::uint64_t x);

// Host conversions, round to nearest even (the device's conversion rounding).
std::uint16_t bf16_bits(float value);
float bf16_value(std::uint16_t bits);
std::uint16_t fp16_bits(float value);  // overflows to infinity
float fp16_value(std::uint16_t bits);
std::uint8_t fp8_e4m3_bits(float value);  // saturates to +-448 (e4m3 has no infinity)
float fp8_e4m3_value(std::uint8_t bits);
float tf32_round(float value);  // 10 fraction bits, kept in an fp32 word

// `value` in the device storage of `t` (size_of(t) bytes at dst; tf32 as an fp32 word,
// rounded to tf32) and back. Integer types take values already in range.
void encode_gemm_value(DType t, double value, void* dst);
double decode_gemm_value(DType t, const void* src);

// Elements first .. first + count - 1 of the matrix drawn with `seed`, encoded for input
// dtype `t` into dst (count * size_of(t) bytes): what a backend uploads.
void encode_gemm_inputs(DType t, OperandMode mode, std::uint64_t seed, std::uint64_t first,
                        std::uint64_t count, void* dst);

// The operands of C = A x B in the layout every BLAS backend uses, that of
// torch.nn.functional.linear(A, W) with B = W^T: A (M x K) row-major, a(i,k) at i*K + k;
// B (K x N) held as W (N x K) row-major, b(k,j) at j*K + k, so both operands run along
// K; C (M x N) row-major, c(i,j) at i*N + j. In a column-major BLAS this is the "TN"
// problem C^T (N x M) = W * A^T, the one layout cuBLASLt accepts for fp8 and int8; the
// small token dimension M of a decode GEMM is its n, which has no alignment constraint.
struct GemmOperands {
  GemmShape shape;
  DType dtype = DType::bf16;
  OperandMode mode = OperandMode::exact;
  std::uint64_t seed_a = 0x9e3779b97f4a7c15ULL;
  std::uint64_t seed_b = 0xd1b54a32d192ed03ULL;

  std::uint64_t a_index(std::uint64_t i, std::uint64_t k) const { return i * shape.k + k; }
  std::uint64_t b_index(std::uint64_t k, std::uint64_t j) const { return j * shape.k + k; }
  std::uint64_t c_index(std::uint64_t i, std::uint64_t j) const { return i * shape.n + j; }
  double a(std::uint64_t i, std::uint64_t k) const {
    return gemm_input_value(dtype, mode, seed_a, a_index(i, k));
  }
  double b(std::uint64_t k, std::uint64_t j) const {
    return gemm_input_value(dtype, mode, seed_b, b_index(k, j));
  }
};

// One output element and its exact value, with sum_k |a_ik b_kj| (the scale of the
// accumulation error).
struct GemmSample {
  std::uint64_t row = 0;
  std::uint64_t col = 0;
  double expected = 0;
  double magnitude = 0;
};

GemmSample gemm_reference_at(const GemmOperands& operands, std::uint64_t row, std::uint64_t col);
// The four corners of C, then uniformly drawn positions (fixed `seed`): `count` in all.
std::vector<GemmSample> gemm_reference_samples(const GemmOperands& operands, std::size_t count,
                                               std::uint64_t seed = 0x5eed);

// The error a correct GEMM may show on one element, for input dtype `t`:
//   |got - expected| <= output_roundoff * |expected| + accumulation_roundoff * sqrt(K) * magnitude
// output_roundoff is the unit roundoff of C's format (round to nearest: bf16 2^-8, fp16
// 2^-11, fp32 2^-24; int32 0). The second term is the probabilistic bound on fp32
// accumulation error (Higham & Mary: lambda sqrt(K) u sum|a b|, here lambda u = 2^-23),
// for a library that sums in another order or splits K; with exact operands the fp32
// sums are exact, so it is a margin; with random ones it is the expected scale of the
// error. fp8 inputs get 2^-12: Hopper's fp8 tensor cores accumulate in about 14 bits
// between the library's promotions to fp32. int8 -> int32 is exact.
struct GemmErrorModel {
  double output_roundoff = 0;
  double accumulation_roundoff = 0;
};
GemmErrorModel gemm_error_model(DType input);
double gemm_tolerance(DType input, const GemmSample& sample, std::uint64_t k);

// Compares `got[i]` with `samples[i]`; NaN and infinity fail. Verification::tolerance is
// the largest tolerance applied; detail names the first element outside its tolerance.
Verification check_gemm_samples(DType input, std::uint64_t k, std::span<const GemmSample> samples,
                                std::span<const double> got);

}  // namespace ridgeline::gpu
