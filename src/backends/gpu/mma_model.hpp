// The host model of the mma kernel's output (kernels/matrix_operands.hpp): which chain
// and accumulator every stored value is, and what it must hold. Plain C++, so it is
// tested without a GPU.
#pragma once

#include <cstdint>
#include <span>

#include "backends/gpu/matrix_operand_values.hpp"
#include "core/verification.hpp"

namespace ridgeline::gpu {

struct MmaOutputLayout {
  std::uint64_t warps = 0;  // warps (wavefronts) in the grid
  unsigned lanes = 32;
  unsigned chains = 0;        // independent accumulator chains per warp
  unsigned accumulators = 0;  // accumulator registers per lane per chain

  std::uint64_t values() const { return warps * chains * std::uint64_t{accumulators} * lanes; }
};

// The value at output `index` and the tolerance it is held to: a counting chain's
// seed + N*K exactly, a random chain's last product within its rounding.
struct ExpectedValue {
  double value = 0;
  double tolerance = 0;
};
ExpectedValue mma_expected_value(const MmaOutputLayout& layout, const MatrixExpectation& e,
                                 std::uint64_t index);

// Compares every stored accumulator; the detail names the first mismatch.
Verification check_mma_output(const MmaOutputLayout& layout, const MatrixExpectation& e,
                              std::span<const float> got);
Verification check_mma_output(const MmaOutputLayout& layout, const MatrixExpectation& e,
                              std::span<const std::int32_t> got);

}  // namespace ridgeline::gpu
