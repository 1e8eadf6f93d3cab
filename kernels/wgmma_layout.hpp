// The shared-memory operands of the wgmma kernel (kernels/cuda/wgmma.cuh) and the values
// they hold, as plain code the host compiles too: the shared-memory matrix descriptor,
// the small-integer encodings of every input dtype, and the exact result every
// accumulator must hold. The host model and the unit tests use these same functions.
//
// Every element of warpgroup g's A tile is a(g), of B tile "plus" +b and of B tile
// "minus" -b; iterations alternate plus, minus, plus, ... and their count is odd, so
// every accumulator ends at seed(g) + k * a(g) * b whatever the fragment layout, with
// every intermediate a small integer (exact in fp32 and int32).
#pragma once

#include <cstdint>

#include "declaration.hpp"
#include "portability.hpp"

namespace ridgeline::kernels::wgmma {

inline constexpr int kWarpgroupThreads = 128;
inline constexpr int kM = 64;
// n = 256 is the widest wgmma: the most work per instruction and per descriptor fetch.
inline constexpr int kN = 256;
// fp32/int32 accumulator registers per thread: the 64 x 256 tile over 128 threads.
inline constexpr int kAccumulatorsPerThread = kM * kN / kWarpgroupThreads;
// One instruction's K covers 32 bytes of a row: k16 for 16-bit inputs, k32 for 8-bit.
inline constexpr int kRowBytes = 32;
inline constexpr std::uint32_t kATileBytes = kM * kRowBytes;
inline constexpr std::uint32_t kBTileBytes = kN * kRowBytes;

// A core matrix is 8 rows x 16 bytes stored contiguously (128 bytes). The tiles are
// K-major without swizzle: the two core matrices of a row group lie side by side (the
// leading-dimension offset) and row groups follow each other (the stride offset).
inline constexpr std::uint32_t kCoreMatrixBytes = 128;
inline constexpr std::uint32_t kLeadingByteOffset = kCoreMatrixBytes;
inline constexpr std::uint32_t kStrideByteOffset = 2 * kCoreMatrixBytes;

// The 64-bit shared-memory matrix descriptor of wgmma.mma_async (PTX ISA, "Matrix
// Descriptor Format"): start address, leading and stride byte offsets, each in units
// of 16 bytes in a 14-bit field; base offset 0 and swizzle mode 0 (none) at the top.
RL_INLINE constexpr std::uint64_t matrix_descriptor(std::uint32_t shared_address,
                                                    std::uint32_t leading_byte_offset,
                                                    std::uint32_t stride_byte_offset) {
  constexpr std::uint64_t kField = 0x3fff;
  return ((std::uint64_t{shared_address} >> 4) & kField) |
         (((std::uint64_t{leading_byte_offset} >> 4) & kField) << 16) |
         (((std::uint64_t{stride_byte_offset} >> 4) & kField) << 32);
}

// The instruction's K: 16 for fp16/bf16, 32 for fp8 and int8.
RL_INLINE constexpr int instruction_k(DType t) {
  return t == DType::fp16 || t == DType::bf16 ? 16 : 32;
}

// The bits of a small integer v (|v| < 16) in an input dtype: fp16 (5 exponent bits, 10
// fraction bits), bf16 (8, 7), e4m3 (4, 3), e5m2 (5, 2), int8 (two's complement). Every
// such v with at most fraction_bits + 1 significant bits is exact; 0 encodes as +0.
RL_INLINE constexpr std::uint32_t small_float_bits(int v, int exponent_bits, int fraction_bits) {
  if (v == 0) return 0;
  const std::uint32_t sign = v < 0 ? 1u : 0u;
  const auto magnitude = static_cast<std::uint32_t>(v < 0 ? -v : v);
  int exponent = 0;
  while ((magnitude >> (exponent + 1)) != 0) ++exponent;
  // The bits below the leading one, aligned to the fraction field (they are exact, so a
  // right shift drops only zeros).
  const std::uint32_t below = magnitude - (1u << exponent);
  const std::uint32_t fraction = exponent <= fraction_bits ? below << (fraction_bits - exponent)
                                                           : below >> (exponent - fraction_bits);
  const int bias = (1 << (exponent_bits - 1)) - 1;
  const auto biased = static_cast<std::uint32_t>(exponent + bias);
  return (sign << (exponent_bits + fraction_bits)) | (biased << fraction_bits) | fraction;
}

RL_INLINE constexpr std::uint32_t element_bits(DType t, int v) {
  switch (t) {
    case DType::fp16:
      return small_float_bits(v, 5, 10);
    case DType::bf16:
      return small_float_bits(v, 8, 7);
    case DType::fp8_e4m3:
      return small_float_bits(v, 4, 3);
    case DType::fp8_e5m2:
      return small_float_bits(v, 5, 2);
    default:  // int8
      return static_cast<std::uint32_t>(v) & 0xffu;
  }
}

// A 32-bit word of shared memory holding v in every element (2 of 16 bits or 4 of 8).
RL_INLINE constexpr std::uint32_t operand_word(DType t, int v) {
  const std::uint32_t e = element_bits(t, v);
  if (t == DType::fp16 || t == DType::bf16) return e | (e << 16);
  return e | (e << 8) | (e << 16) | (e << 24);
}

// The values: a varies with the warpgroup (a warpgroup that used another's tile fails),
// the seed too and includes negatives and zero; b is exact in every input dtype.
inline constexpr int kOperandPeriod = 3;
inline constexpr int kSeedPeriod = 5;
inline constexpr int kB = 2;
RL_INLINE constexpr int operand_a(std::uint64_t warpgroup) {
  return 1 + static_cast<int>(warpgroup % kOperandPeriod);
}
RL_INLINE constexpr int accumulator_seed(std::uint64_t warpgroup) {
  return static_cast<int>(warpgroup % kSeedPeriod) - 2;
}
// Every accumulator of `warpgroup` after an odd number of iterations.
RL_INLINE constexpr int expected_accumulator(DType t, std::uint64_t warpgroup) {
  return accumulator_seed(warpgroup) + instruction_k(t) * operand_a(warpgroup) * kB;
}

}  // namespace ridgeline::kernels::wgmma
