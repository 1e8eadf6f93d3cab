// AMD matrix-core instructions (MFMA, 32x32 output tile per 64-lane wavefront) for the
// mma kernel, one policy per input dtype and instruction. Each target of a fat binary
// compiles only the instructions it has; elsewhere mma() is empty, the host never plans
// it there (matrix_kernel_available) and a kernel that ran anyway fails verification.
#pragma once

#include <cstdint>

#include "kernels/matrix_operands.hpp"

// Targets by matrix-core generation (per-target macros exist only in the device pass).
// gfx950 keeps the CDNA2 fp32/fp16/bf16 encodings, CDNA3's K=16 int8 and CDNA3's fp8
// instructions, but those read OCP fp8 there rather than FNUZ; it has no xf32, which
// stays CDNA3 (gfx940-942) only.
#if defined(__HIP_DEVICE_COMPILE__) &&                                                           \
    (defined(__gfx90a__) || defined(__gfx940__) || defined(__gfx941__) || defined(__gfx942__) || \
     defined(__gfx950__))
#define RL_MFMA_CDNA2_OR_LATER 1
#else
#define RL_MFMA_CDNA2_OR_LATER 0
#endif
#if defined(__HIP_DEVICE_COMPILE__) && defined(__gfx90a__)
#define RL_MFMA_I8_K8 1
#else
#define RL_MFMA_I8_K8 0
#endif
#if defined(__HIP_DEVICE_COMPILE__) && \
    (defined(__gfx940__) || defined(__gfx941__) || defined(__gfx942__) || defined(__gfx950__))
#define RL_MFMA_I8_K16 1
#else
#define RL_MFMA_I8_K16 0
#endif
#if defined(__HIP_DEVICE_COMPILE__) && \
    (defined(__gfx940__) || defined(__gfx941__) || defined(__gfx942__))
#define RL_MFMA_CDNA3 1
#else
#define RL_MFMA_CDNA3 0
#endif
#if defined(__HIP_DEVICE_COMPILE__) && (RL_MFMA_CDNA3 || defined(__gfx950__))
#define RL_MFMA_FP8 1
#else
#define RL_MFMA_FP8 0
#endif
#if defined(__HIP_DEVICE_COMPILE__) && defined(__gfx950__)
#define RL_MFMA_FP8_OCP 1
#else
#define RL_MFMA_FP8_OCP 0
#endif

namespace ridgeline::kernels {

using MfmaFloat2 = float __attribute__((ext_vector_type(2)));
using MfmaHalf4 = _Float16 __attribute__((ext_vector_type(4)));
using MfmaShort4 = short __attribute__((ext_vector_type(4)));
using MfmaFloat16 = float __attribute__((ext_vector_type(16)));
using MfmaInt16 = int __attribute__((ext_vector_type(16)));

// A 64-bit operand register pair with all eight bytes set to `byte`.
__device__ inline long mfma_bytes8(std::uint32_t byte) {
  return static_cast<long>(std::uint64_t{byte} * 0x0101010101010101ULL);
}

// What every policy shares: 64 lanes, a 32x32 accumulator tile (16 per lane), and 4
// independent chains per wavefront (64 accumulator registers) so a SIMD's matrix core
// always has a next instruction while a dependent one is in its pipeline.
template <class AccT, class AccVec, class AT, int K>
struct MfmaShape {
  using Acc = AccT;
  using Accumulator = AccVec;
  using A = AT;
  using B = AT;
  static constexpr int kLanes = 64;
  static constexpr int kChains = 4;
  static constexpr int kAccumulators = 16;
  static constexpr int kM = 32;
  static constexpr int kN = 32;
  static constexpr int kK = K;
};

// Fragments with every element set to the element bits (matrix_operands.hpp).
__device__ inline float mfma_float(std::uint32_t bits) { return __builtin_bit_cast(float, bits); }
__device__ inline _Float16 mfma_half(std::uint32_t bits) {
  return __builtin_bit_cast(_Float16, static_cast<std::uint16_t>(bits));
}

// One policy per instruction: mma() is D = A x B + D. `available` is the target macro
// saying the device pass has the builtin; elsewhere it is empty and the host never plans
// the kernel there.
#define RL_MFMA_UNPAREN(...) __VA_ARGS__
#define RL_MFMA_POLICY(Name, Base, ptx, available, builtin, fragment_expression)       \
  struct Name : RL_MFMA_UNPAREN Base {                                                 \
    static constexpr const char* kInstruction = ptx;                                   \
    __device__ static A a_fragment(std::uint32_t bits) { return fragment_expression; } \
    __device__ static B b_fragment(std::uint32_t bits) { return a_fragment(bits); }    \
    __device__ static void mma(Accumulator& d, A a, B b) {                             \
      RL_MFMA_CALL(available, builtin, d, a, b, d);                                    \
    }                                                                                  \
  }

#define RL_MFMA_CALL(available, builtin, d, a, b, c)                  \
  if constexpr (available) {                                          \
    d = builtin(a, b, c, 0, 0, 0);                                    \
  } else {                                                            \
    static_cast<void>(d), static_cast<void>(a), static_cast<void>(b); \
  }

#if RL_MFMA_CDNA2_OR_LATER
#define RL_MFMA_F32 __builtin_amdgcn_mfma_f32_32x32x2f32
#define RL_MFMA_F16 __builtin_amdgcn_mfma_f32_32x32x8f16
#define RL_MFMA_BF16 __builtin_amdgcn_mfma_f32_32x32x8bf16_1k
#else
#define RL_MFMA_F32(...) \
  Accumulator {}
#define RL_MFMA_F16(...) \
  Accumulator {}
#define RL_MFMA_BF16(...) \
  Accumulator {}
#endif
#if RL_MFMA_I8_K8
#define RL_MFMA_I8K8 __builtin_amdgcn_mfma_i32_32x32x8i8
#else
#define RL_MFMA_I8K8(...) \
  Accumulator {}
#endif
#if RL_MFMA_I8_K16
#define RL_MFMA_I8K16 __builtin_amdgcn_mfma_i32_32x32x16_i8
#else
#define RL_MFMA_I8K16(...) \
  Accumulator {}
#endif
#if RL_MFMA_CDNA3
#define RL_MFMA_XF32 __builtin_amdgcn_mfma_f32_32x32x4_xf32
#else
#define RL_MFMA_XF32(...) \
  Accumulator {}
#endif
#if RL_MFMA_FP8
#define RL_MFMA_FP8_FP8 __builtin_amdgcn_mfma_f32_32x32x16_fp8_fp8
#define RL_MFMA_BF8_BF8 __builtin_amdgcn_mfma_f32_32x32x16_bf8_bf8
#else
#define RL_MFMA_FP8_FP8(...) \
  Accumulator {}
#define RL_MFMA_BF8_BF8(...) \
  Accumulator {}
#endif

RL_MFMA_POLICY(MfmaF32, (MfmaShape<float, MfmaFloat16, float, 2>), "v_mfma_f32_32x32x2f32",
               RL_MFMA_CDNA2_OR_LATER, RL_MFMA_F32, mfma_float(bits));
RL_MFMA_POLICY(MfmaF16, (MfmaShape<float, MfmaFloat16, MfmaHalf4, 8>), "v_mfma_f32_32x32x8f16",
               RL_MFMA_CDNA2_OR_LATER, RL_MFMA_F16,
               (A{mfma_half(bits), mfma_half(bits), mfma_half(bits), mfma_half(bits)}));
RL_MFMA_POLICY(MfmaBf16, (MfmaShape<float, MfmaFloat16, MfmaShort4, 8>),
               "v_mfma_f32_32x32x8bf16_1k", RL_MFMA_CDNA2_OR_LATER, RL_MFMA_BF16,
               (A{static_cast<short>(bits), static_cast<short>(bits), static_cast<short>(bits),
                  static_cast<short>(bits)}));
// int8 on CDNA2: 4 bytes per lane per operand (K = 8). CDNA3 dropped this encoding.
RL_MFMA_POLICY(MfmaI8K8, (MfmaShape<std::int32_t, MfmaInt16, int, 8>), "v_mfma_i32_32x32x8i8",
               RL_MFMA_I8_K8, RL_MFMA_I8K8, static_cast<int>(replicate8(bits)));
// int8 on CDNA3 and later: 8 bytes per lane per operand (K = 16).
RL_MFMA_POLICY(MfmaI8K16, (MfmaShape<std::int32_t, MfmaInt16, long, 16>), "v_mfma_i32_32x32x16_i8",
               RL_MFMA_I8_K16, RL_MFMA_I8K16, mfma_bytes8(bits));
// tf32 on CDNA3 is xf32: fp32 registers, reduced-precision products, K = 4.
RL_MFMA_POLICY(MfmaXf32, (MfmaShape<float, MfmaFloat16, MfmaFloat2, 4>), "v_mfma_f32_32x32x4_xf32",
               RL_MFMA_CDNA3, RL_MFMA_XF32, (A{mfma_float(bits), mfma_float(bits)}));
// fp8 on CDNA3 is the FNUZ encoding (exponent bias 8 for e4m3, 16 for e5m2 "bf8"); the
// same instructions on gfx950 read OCP e4m3/e5m2 (bias 7 and 15), as NVIDIA's do. The
// host encodes the element bits for the format the device's target reads.
RL_MFMA_POLICY(MfmaFp8, (MfmaShape<float, MfmaFloat16, long, 16>), "v_mfma_f32_32x32x16_fp8_fp8",
               RL_MFMA_FP8, RL_MFMA_FP8_FP8, mfma_bytes8(bits));
RL_MFMA_POLICY(MfmaBf8, (MfmaShape<float, MfmaFloat16, long, 16>), "v_mfma_f32_32x32x16_bf8_bf8",
               RL_MFMA_FP8, RL_MFMA_BF8_BF8, mfma_bytes8(bits));

#undef RL_MFMA_POLICY
#undef RL_MFMA_UNPAREN
#undef RL_MFMA_CALL

}  // namespace ridgeline::kernels
