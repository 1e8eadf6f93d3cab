// N elements moved by one load or store instruction: an aligned struct of N x sizeof(T)
// bytes compiles to a vector access (ld.global.v4.f32 for 4 floats, 16 bytes), so the
// access width of a kernel is a template argument, not hand-written intrinsics.
#pragma once

#include <cstdint>

namespace ridgeline::RL_GPU_NS {

template <class T, int N>
struct alignas(sizeof(T) * N) Vec {
  T v[N];
};

// Grid-stride geometry of a launch, in 64-bit indices (arrays exceed 2^32 elements).
struct GridStride {
  std::uint64_t first;
  std::uint64_t stride;
};
__device__ inline GridStride grid_stride() {
  return {static_cast<std::uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x,
          static_cast<std::uint64_t>(gridDim.x) * blockDim.x};
}

}  // namespace ridgeline::RL_GPU_NS
