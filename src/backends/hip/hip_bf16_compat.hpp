// The packed-bf16 operations the peak kernel uses, for HIP runtimes without
// <hip/hip_bf16.h> (before ROCm 5.7, e.g. Debian's ROCm 5.2). Same names and semantics
// as that header: CDNA has no packed bf16 FMA in its vector ALU, so ROCm computes
// __hfma2 in fp32 with one fused multiply-add per lane and rounds to nearest even, as
// done here. In the global namespace like the vendor's, so the same unqualified calls
// resolve against these and hip_fp16.h's __half2 overloads together. hipcc only.
#pragma once

#if !defined(__HIPCC__)
#error "hip_bf16_compat.hpp is device code for hipcc"
#endif

#include <cstdint>

struct __hip_bfloat16 {
  std::uint16_t bits;
};
struct __hip_bfloat162 {
  __hip_bfloat16 x, y;
};

__host__ __device__ inline float __bfloat162float(__hip_bfloat16 b) {
  return __builtin_bit_cast(float, static_cast<std::uint32_t>(b.bits) << 16);
}

__host__ __device__ inline __hip_bfloat16 __float2bfloat16_rn(float f) {
  std::uint32_t u = __builtin_bit_cast(std::uint32_t, f);
  if ((u & 0x7fffffffU) > 0x7f800000U)  // NaN stays a (quiet) NaN
    return {static_cast<std::uint16_t>((u >> 16) | 0x40U)};
  u += 0x7fffU + ((u >> 16) & 1U);  // round to nearest, ties to even
  return {static_cast<std::uint16_t>(u >> 16)};
}

__host__ __device__ inline __hip_bfloat162 __floats2bfloat162_rn(float lo, float hi) {
  return {__float2bfloat16_rn(lo), __float2bfloat16_rn(hi)};
}

__host__ __device__ inline float __low2float(__hip_bfloat162 v) { return __bfloat162float(v.x); }
__host__ __device__ inline float __high2float(__hip_bfloat162 v) { return __bfloat162float(v.y); }

__host__ __device__ inline __hip_bfloat162 __hfma2(__hip_bfloat162 a, __hip_bfloat162 b,
                                                   __hip_bfloat162 c) {
  return __floats2bfloat162_rn(__builtin_fmaf(__low2float(a), __low2float(b), __low2float(c)),
                               __builtin_fmaf(__high2float(a), __high2float(b), __high2float(c)));
}
