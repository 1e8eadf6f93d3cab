// The shared-memory operands of the wgmma kernel (kernels/cuda/wgmma.cuh), as plain code
// the host compiles too: the tile shapes, the shared-memory matrix descriptor and which
// warpgroups count. What the tiles hold is kernels/matrix_operands.hpp's scheme: every
// element of a tile is one value (ones for counting warpgroups, a random value for the
// others), so the result needs no fragment layout.
#pragma once

#include <cstdint>

#include "declaration.hpp"
#include "matrix_operands.hpp"
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

// A 32-bit word of shared memory holding the element `bits` in every element (2 of 16
// bits or 4 of 8).
RL_INLINE constexpr std::uint32_t operand_word(DType t, std::uint32_t bits) {
  return t == DType::fp16 || t == DType::bf16 ? replicate16(bits) : replicate8(bits);
}

// With random operands one warpgroup in kCountingPeriod counts (the first of every four),
// the others carry random data; with exact operands every warpgroup counts.
inline constexpr int kCountingPeriod = 4;
RL_INLINE constexpr bool counting_warpgroup(bool random_operands, std::uint64_t warpgroup) {
  return !random_operands || warpgroup % kCountingPeriod == 0;
}

// A counting warpgroup's accumulators start here: it differs between neighbouring
// warpgroups (one that stored another's result is caught) and includes negatives and 0.
inline constexpr int kSeedPeriod = 5;
RL_INLINE constexpr int accumulator_seed(std::uint64_t warpgroup) {
  return static_cast<int>(warpgroup % kSeedPeriod) - 2;
}

}  // namespace ridgeline::kernels::wgmma
