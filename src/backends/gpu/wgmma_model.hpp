// Host side of the wgmma kernel (kernels/cuda/wgmma.cuh), plain C++ so it is tested
// without a GPU: the launch option, how many instructions a call runs, and the check
// of every accumulator against kernels/wgmma_layout.hpp.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "backends/gpu/matrix_operand_values.hpp"
#include "core/dtype.hpp"
#include "core/params.hpp"
#include "core/verification.hpp"

namespace ridgeline::gpu {

inline constexpr const char* kWarpgroupsPerBlockOption = "warpgroups_per_block";
// Three warpgroups (154 registers per thread each) fill an SM's register file: the most
// independent instruction streams one SM can hold. 1 also gives 3 per SM (3 blocks); 2
// gives only 2 (a second block of 2 does not fit).
inline constexpr int kDefaultWarpgroupsPerBlock = 3;

// Warpgroups per block from CaseSpec::options (1 to 3, default 3); throws
// std::invalid_argument naming the accepted keys and values for anything else.
int parse_wgmma_warpgroups(const Params& options);

// Multiply-adds of one instruction: 64 x 256 x k.
std::uint64_t wgmma_multiply_adds_per_instruction(DType t);

// Each warpgroup runs 2 instructions per iteration and one more (wgmma_layout.hpp).
std::uint64_t wgmma_instructions(std::uint64_t iterations);
// The iterations
// of a call come closest to `requested` multiply-adds, at least one, and no more than
// keep a counting warpgroup's accumulators exact (max_counted_instructions).
unsigned wgmma_iterations_for(DType t, std::uint64_t requested, std::uint64_t warpgroups);
std::uint64_t wgmma_multiply_adds(DType t, std::uint64_t warpgroups, std::uint64_t iterations);

// Every accumulator the kernel wrote (layout: kernels::wgmma::KernelArgs::out) against
// its warpgroup's expected value; the detail names the first bad one.
Verification check_wgmma_accumulators(const MatrixExpectation& e, std::span<const float> out);
Verification check_wgmma_accumulators(const MatrixExpectation& e,
                                      std::span<const std::int32_t> out);

}  // namespace ridgeline::gpu
