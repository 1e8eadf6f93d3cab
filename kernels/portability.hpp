// The one header that lets kernels/ compile unchanged as host C++, CUDA and HIP.
#pragma once

#if defined(__CUDACC__) || defined(__HIPCC__)
#define RL_HOST_DEVICE __host__ __device__
#define RL_DEVICE_COMPILE 1
#else
#define RL_HOST_DEVICE
#define RL_DEVICE_COMPILE 0
#endif

#define RL_INLINE inline RL_HOST_DEVICE

#if defined(__GNUC__) || defined(__clang__)
#define RL_RESTRICT __restrict__
#else
#define RL_RESTRICT
#endif

#include <cstdint>
#if !RL_DEVICE_COMPILE
#include <cmath>
#endif

namespace ridgeline::kernels {

// Fused multiply-add with a single rounding on every target, so a kernel and its
// host model produce bit-identical results and verification can be exact.
RL_INLINE float fma_op(float a, float b, float c) {
#if RL_DEVICE_COMPILE
  return fmaf(a, b, c);
#else
  return std::fma(a, b, c);
#endif
}
RL_INLINE double fma_op(double a, double b, double c) {
#if RL_DEVICE_COMPILE
  return ::fma(a, b, c);
#else
  return std::fma(a, b, c);
#endif
}
// Integer multiply-add wraps modulo 2^32 (done in unsigned arithmetic: no UB).
RL_INLINE std::int32_t fma_op(std::int32_t a, std::int32_t b, std::int32_t c) {
  return static_cast<std::int32_t>(static_cast<std::uint32_t>(a) * static_cast<std::uint32_t>(b) +
                                   static_cast<std::uint32_t>(c));
}

}  // namespace ridgeline::kernels
