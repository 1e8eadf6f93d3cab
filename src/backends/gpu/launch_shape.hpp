// How a GPU memory or intensity kernel is launched: access width, independent
// accesses per thread, grid and block size. Run-time parameters of a case, read from
// CaseSpec::options, so one build can sweep them and a result records which ran.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

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

// Option names understood in CaseSpec::options (spelled once, in core/params.hpp).
inline constexpr const char* kAccessBytesOption = param_keys::kAccessBytes;
inline constexpr const char* kUnrollOption = param_keys::kUnroll;
inline constexpr const char* kBlocksPerSmOption = param_keys::kBlocksPerSm;
inline constexpr const char* kThreadsPerBlockOption = param_keys::kThreadsPerBlock;

// Defaults overridden by the options present; throws std::invalid_argument naming the
// option and the accepted values for an unknown key or a value out of range (an
// access narrower than one element, for example 4 bytes of fp64).
LaunchShape parse_launch_shape(const Params& options, std::size_t element_bytes);

// The options that reproduce `shape`, as recorded in a result's configuration.
Params to_options(const LaunchShape& shape);

// The variants of the --suite full launch-shape sweep for elements of `element_bytes`:
// one option changed at a time from the default shape (narrower accesses down to one
// element, 1 and 2 accesses in flight, 1, 2 and 4 blocks per SM instead of the occupancy
// maximum, 128 and 512 threads per block), each one option.
std::vector<Params> launch_shape_sweep(std::size_t element_bytes);

}  // namespace ridgeline::gpu
