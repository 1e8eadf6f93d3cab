// The packed 16-bit types under one name for CUDA and HIP. bf16 pairs are CUDA's only:
// AMD's targets have no packed bf16 FMA, so the HIP backend runs no bf16 vector kernel.
#pragma once

#if defined(__HIPCC__)
#include <hip/hip_fp16.h>
namespace ridgeline::RL_GPU_NS {
using half2_t = __half2;
}  // namespace ridgeline::RL_GPU_NS
#else
#include <cuda_bf16.h>
#include <cuda_fp16.h>
namespace ridgeline::RL_GPU_NS {
using half2_t = __half2;
using bf162_t = __nv_bfloat162;
}  // namespace ridgeline::RL_GPU_NS
#endif
