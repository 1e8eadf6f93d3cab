// What the matrix kernels' operands hold, shared by the device code (mma.sync, MFMA,
// wgmma) and the host models. Two kinds of accumulator chain, both checkable without the
// vendors' fragment layouts because every element of an operand holds the same value:
//  - a counting chain multiplies ones: each instruction adds exactly K to every
//    accumulator, which starts at K x seed, so after N instructions it holds
//    K x (seed + N). Any instruction skipped changes the result; the host keeps N small
//    enough that the accumulator stays exact (K x an integer needs only the integer's
//    bits, which is what lets fp8's 14-bit accumulation count thousands).
//  - a random chain (the default operand mode) multiplies random values: set 0 is
//    (A = a, B = b), set 1 is (A = -b, B = a), alternating instruction by instruction, so
//    every multiplier input toggles while the two products cancel exactly. Each
//    instruction accumulates onto the last (nothing is dead code to the assembler, which
//    deletes an MMA whose result is overwritten unread), the chain runs pairs and then one
//    more set-0 instruction, and ends at K*a*b exactly: the random mantissas are short
//    enough that K products sum exactly. Random data draws the power real data draws
//    (zeros and small integers let the clock run higher); the counting chain beside it
//    proves the count.
#pragma once

#include <cstdint>

#include "portability.hpp"

namespace ridgeline::kernels {

// A binary floating-point format by its field widths; the sign is the bit above them.
struct SmallFloatFormat {
  int exponent_bits;
  int mantissa_bits;
  int bias;
};
// tf32 operands live in fp32 registers (the unit ignores the low 13 mantissa bits).
inline constexpr SmallFloatFormat kFp32Format{8, 23, 127};
inline constexpr SmallFloatFormat kFp16Format{5, 10, 15};
inline constexpr SmallFloatFormat kBf16Format{8, 7, 127};
// OCP fp8 (NVIDIA sm_89+, AMD gfx950) and the FNUZ variants of AMD CDNA3 (gfx940-942),
// whose exponent bias is one larger: the same bits mean half the value.
inline constexpr SmallFloatFormat kE4m3Format{4, 3, 7};
inline constexpr SmallFloatFormat kE5m2Format{5, 2, 15};
inline constexpr SmallFloatFormat kE4m3FnuzFormat{4, 3, 8};
inline constexpr SmallFloatFormat kE5m2FnuzFormat{5, 2, 16};

// The bits of integer v in `format`, for |v| <= 7 (exact in every format above: at
// least two mantissa bits). Written out rather than taken from a vendor header so the
// host tests check the very encoding the device uses.
RL_INLINE constexpr std::uint32_t encode_small_integer(int v, SmallFloatFormat format) {
  if (v == 0) return 0;
  const std::uint32_t sign = v < 0 ? 1U : 0U;
  const auto magnitude = static_cast<std::uint32_t>(v < 0 ? -v : v);
  int exponent = 0;
  while ((magnitude >> (exponent + 1)) != 0) ++exponent;
  const std::uint32_t fraction = (magnitude - (1U << exponent))
                                 << (format.mantissa_bits - exponent);
  return (sign << (format.exponent_bits + format.mantissa_bits)) |
         (static_cast<std::uint32_t>(exponent + format.bias) << format.mantissa_bits) | fraction;
}

// The two's-complement byte of an int8 operand.
RL_INLINE constexpr std::uint32_t encode_int8(int v) {
  return static_cast<std::uint32_t>(v) & 0xffU;
}

// A register whose 16-bit or 8-bit lanes all hold `bits`.
RL_INLINE constexpr std::uint32_t replicate16(std::uint32_t bits) { return bits | (bits << 16); }
RL_INLINE constexpr std::uint32_t replicate8(std::uint32_t bits) { return bits * 0x01010101U; }

// The element bits the fragments are built from, a kernel argument: `one` is 1 in the
// input format (the counting chains' A and B), a[s] and b[s] the random sets s = 0, 1
// (a[1] = -b[0], b[1] = a[0]).
struct MatrixOperandBits {
  std::uint32_t one;
  std::uint32_t a[2];
  std::uint32_t b[2];
};

// Which chains of a warp count: all of them with exact operands, the first one with
// random operands (the others carry the power-realistic load).
RL_INLINE constexpr bool counting_chain(bool random_operands, unsigned chain) {
  return !random_operands || chain == 0;
}

// Start value of accumulator `reg` of counting chain `chain` in lane `lane`: an integer
// in [-32, 31] that differs between neighbouring lanes, registers, chains and warps, so
// a value stored to the wrong place or never written is caught.
RL_INLINE constexpr std::int32_t mma_seed(std::uint64_t warp, unsigned lane, unsigned chain,
                                          unsigned reg) {
  return static_cast<std::int32_t>((warp * 5 + lane * 3 + chain * 7 + reg) % 64) - 32;
}

// Where a lane stores an accumulator: lanes innermost, so one store of a warp is one
// contiguous run; then registers, chains and warps.
RL_INLINE constexpr std::uint64_t mma_output_index(std::uint64_t warp, unsigned chain, unsigned reg,
                                                   unsigned lane, unsigned chains,
                                                   unsigned accumulators, unsigned lanes) {
  return ((warp * chains + chain) * accumulators + reg) * lanes + lane;
}

}  // namespace ridgeline::kernels
