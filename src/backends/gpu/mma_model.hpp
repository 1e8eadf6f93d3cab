// The host model of the mma kernel's output (kernels/matrix_operands.hpp): which
// accumulator every stored value is and the exact value it must hold. Plain C++, so it
// is tested without a GPU.
#pragma once

#include <cstdint>
#include <span>

#include "core/verification.hpp"

namespace ridgeline::gpu {

struct MmaOutputLayout {
  std::uint64_t warps = 0;  // warps (wavefronts) in the grid
  unsigned lanes = 32;
  unsigned chains = 0;           // independent accumulator chains per warp
  unsigned accumulators = 0;     // accumulator registers per lane per chain
  unsigned k = 0;                // K of the instruction shape M x N x K
  std::uint64_t iterations = 0;  // instructions per chain, +B and -B alternating

  std::uint64_t values() const { return warps * chains * std::uint64_t{accumulators} * lanes; }
};

// The value at output `index`: its seed, plus K*a*b when the chain ran an odd number of
// instructions (the +B/-B pairs cancel exactly).
std::int64_t mma_expected_value(const MmaOutputLayout& layout, std::uint64_t index);

// Compares every stored accumulator exactly; the detail names the first mismatch.
Verification check_mma_output(const MmaOutputLayout& layout, std::span<const float> got);
Verification check_mma_output(const MmaOutputLayout& layout, std::span<const std::int32_t> got);

}  // namespace ridgeline::gpu
