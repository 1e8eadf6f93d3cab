// The packed 16-bit types under one name for CUDA and HIP.
#pragma once

#if defined(__HIPCC__)
#include <hip/hip_fp16.h>
#if __has_include(<hip/hip_bf16.h>)
#include <hip/hip_bf16.h>
#else
#include "backends/hip/hip_bf16_compat.hpp"  // ROCm before 5.7
#endif
namespace ridgeline::RL_GPU_NS {
using half2_t = __half2;
using bf162_t = __hip_bfloat162;
}  // namespace ridgeline::RL_GPU_NS
#else
#include <cuda_bf16.h>
#include <cuda_fp16.h>
namespace ridgeline::RL_GPU_NS {
using half2_t = __half2;
using bf162_t = __nv_bfloat162;
}  // namespace ridgeline::RL_GPU_NS
#endif
