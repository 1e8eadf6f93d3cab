// How a GPU memory or intensity kernel is launched: access width, independent
// accesses per thread, grid and block size. Run-time parameters of a case, read from
// CaseSpec::options, so one build can sweep them and a result records which ran.
#pragma once

#include <cstddef>
#include <string>

#include "core/params.hpp"

namespace ridgeline::gpu {

struct LaunchShape {
  int access_bytes = 16;  // bytes per load/store instruction per thread: 4, 8 or 16
  // Independent accesses each thread issues per loop iteration before using any of
  // them: the bytes in flight that hide DRAM latency. 1, 2 or 4.
  int unroll = 4;
  // Grid = blocks_per_sm x SMs, grid-stride loop over the array; 0 = as many as fit
  // on an SM at once (the occupancy calculator's answer).
  int blocks_per_sm = 0;
  int threads_per_block = 256;

  int elements_per_access(std::size_t element_bytes) const {
    return access_bytes / static_cast<int>(element_bytes);
  }
};

// Upper bound of threads_per_block: kernels declare it in __launch_bounds__, which
// leaves them up to 128 registers per thread (1024 would cap them at 64 and spill).
inline constexpr int kMaxThreadsPerBlock = 512;

// Option names understood in CaseSpec::options.
inline constexpr const char* kAccessBytesOption = "access_bytes";
inline constexpr const char* kUnrollOption = "unroll";
inline constexpr const char* kBlocksPerSmOption = "blocks_per_sm";
inline constexpr const char* kThreadsPerBlockOption = "threads_per_block";

// Defaults overridden by the options present; throws std::invalid_argument naming the
// option and the accepted values for an unknown key or a value out of range (an
// access narrower than one element, for example 4 bytes of fp64).
LaunchShape parse_launch_shape(const Params& options, std::size_t element_bytes);

// The options that reproduce `shape`, as recorded in a result's configuration.
Params to_options(const LaunchShape& shape);

}  // namespace ridgeline::gpu
