// The host side of the matrix kernels' operands (kernels/matrix_operands.hpp): the
// element bits each dtype's fragments are built from on a given target, the random sets
// drawn fresh for every case, how long a counting chain may run before its accumulator
// stops being exact, and what every accumulator must hold after a call. Plain C++, so
// every piece is tested without a GPU.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/dtype.hpp"
#include "kernels/matrix.hpp"
#include "kernels/matrix_operands.hpp"

namespace ridgeline::gpu {

using kernels::MatrixOperandBits;
using kernels::OperandMode;

// How a target reads an element of `t`: the floating-point format (fp8 is FNUZ on AMD
// gfx940-942, OCP elsewhere; tf32 is an fp32 word), or two's-complement int8.
struct ElementFormat {
  bool integer = false;
  kernels::SmallFloatFormat format{};
};
ElementFormat element_format(DType t, std::string_view arch);
double element_value(const ElementFormat& f, std::uint32_t bits);

// `one` encodes 1; in random mode a and b are drawn from `seed` (a[0] = a, b[0] = b,
// a[1] = -b, b[1] = a): a random sign, an exponent giving magnitudes in [0.5, 2) and
// random_mantissa_bits(t, k) random top mantissa bits; int8 any of -127..127 but 0.
// Exact mode leaves them equal to `one` (unused by the kernels).
MatrixOperandBits operand_bits(DType t, std::string_view arch, OperandMode mode, std::uint64_t seed,
                               unsigned k);

// Random mantissa bits of an operand: all of the format's, unless K products of two such
// numbers would need more than accumulator_bits to sum exactly (2 x (bits + 1) + log2 K):
// fp16 keeps 9 of its 10 at K = 16, MFMA's fp32 10 of 23.
int random_mantissa_bits(DType t, unsigned k);

// Significant bits a matrix unit keeps while accumulating: 24 (fp32) for every input
// type but fp8, whose tensor-core accumulation on Hopper keeps about 14 (DeepSeek-V3
// report, section 3.3.2); 13 is assumed for fp8 everywhere; 32 for int32 (wraps).
int accumulator_bits(DType t);

// The most instructions a counting chain (ones x ones, +K each, from K x seed) may run in
// one call so that K x (seed + N) stays exact: seed + N needs at most accumulator_bits
// significant bits, whatever K (a power of two) is. Unlimited (UINT64_MAX) for int8,
// whose int32 wraps exactly.
std::uint64_t max_counted_instructions(DType t, unsigned k);

// What every accumulator of a matrix kernel must hold after one call.
struct MatrixExpectation {
  DType dtype = DType::bf16;
  OperandMode mode = OperandMode::random;
  unsigned k = 0;                  // of the instruction shape
  std::uint64_t instructions = 0;  // per chain in one call
  double random_value = 0;         // K x a x b: where a random chain ends, exactly
};

MatrixExpectation expect_matrix(DType t, std::string_view arch, OperandMode mode,
                                const MatrixOperandBits& bits, unsigned k,
                                std::uint64_t instructions);

// A counting accumulator that started at K x `seed`: K x (seed + instructions) (modulo
// 2^32 for int8, as int32 wraps).
double counted_value(const MatrixExpectation& e, std::int64_t seed);

}  // namespace ridgeline::gpu
