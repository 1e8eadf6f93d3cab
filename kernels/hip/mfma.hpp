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

struct MfmaF32 : MfmaShape<float, MfmaFloat16, float, 2> {
  static constexpr const char* kInstruction = "v_mfma_f32_32x32x2f32";
  __device__ static A a_fragment(int v) { return static_cast<float>(v); }
  __device__ static B b_fragment(int v) { return static_cast<float>(v); }
  __device__ static void mma(Accumulator& d, A a, B b) {
#if RL_MFMA_CDNA2_OR_LATER && __has_builtin(__builtin_amdgcn_mfma_f32_32x32x2f32)
    d = __builtin_amdgcn_mfma_f32_32x32x2f32(a, b, d, 0, 0, 0);
#else
    static_cast<void>(d), static_cast<void>(a), static_cast<void>(b);
#endif
  }
};

struct MfmaF16 : MfmaShape<float, MfmaFloat16, MfmaHalf4, 8> {
  static constexpr const char* kInstruction = "v_mfma_f32_32x32x8f16";
  __device__ static A a_fragment(int v) {
    const auto h = static_cast<_Float16>(v);  // small integers are exact
    return A{h, h, h, h};
  }
  __device__ static B b_fragment(int v) { return a_fragment(v); }
  __device__ static void mma(Accumulator& d, A a, B b) {
#if RL_MFMA_CDNA2_OR_LATER && __has_builtin(__builtin_amdgcn_mfma_f32_32x32x8f16)
    d = __builtin_amdgcn_mfma_f32_32x32x8f16(a, b, d, 0, 0, 0);
#else
    static_cast<void>(d), static_cast<void>(a), static_cast<void>(b);
#endif
  }
};

struct MfmaBf16 : MfmaShape<float, MfmaFloat16, MfmaShort4, 8> {
  static constexpr const char* kInstruction = "v_mfma_f32_32x32x8bf16_1k";
  __device__ static A a_fragment(int v) {
    const auto bits = static_cast<short>(encode_small_integer(v, kBf16Format));
    return A{bits, bits, bits, bits};
  }
  __device__ static B b_fragment(int v) { return a_fragment(v); }
  __device__ static void mma(Accumulator& d, A a, B b) {
#if RL_MFMA_CDNA2_OR_LATER && __has_builtin(__builtin_amdgcn_mfma_f32_32x32x8bf16_1k)
    d = __builtin_amdgcn_mfma_f32_32x32x8bf16_1k(a, b, d, 0, 0, 0);
#else
    static_cast<void>(d), static_cast<void>(a), static_cast<void>(b);
#endif
  }
};

// int8 on CDNA2: 4 bytes per lane per operand (K = 8). CDNA3 dropped this encoding.
struct MfmaI8K8 : MfmaShape<std::int32_t, MfmaInt16, int, 8> {
  static constexpr const char* kInstruction = "v_mfma_i32_32x32x8i8";
  __device__ static A a_fragment(int v) { return static_cast<int>(replicate8(encode_int8(v))); }
  __device__ static B b_fragment(int v) { return a_fragment(v); }
  __device__ static void mma(Accumulator& d, A a, B b) {
#if RL_MFMA_I8_K8 && __has_builtin(__builtin_amdgcn_mfma_i32_32x32x8i8)
    d = __builtin_amdgcn_mfma_i32_32x32x8i8(a, b, d, 0, 0, 0);
#else
    static_cast<void>(d), static_cast<void>(a), static_cast<void>(b);
#endif
  }
};

// int8 on CDNA3 and later: 8 bytes per lane per operand (K = 16).
struct MfmaI8K16 : MfmaShape<std::int32_t, MfmaInt16, long, 16> {
  static constexpr const char* kInstruction = "v_mfma_i32_32x32x16_i8";
  __device__ static A a_fragment(int v) { return mfma_bytes8(encode_int8(v)); }
  __device__ static B b_fragment(int v) { return a_fragment(v); }
  __device__ static void mma(Accumulator& d, A a, B b) {
#if RL_MFMA_I8_K16 && __has_builtin(__builtin_amdgcn_mfma_i32_32x32x16_i8)
    d = __builtin_amdgcn_mfma_i32_32x32x16_i8(a, b, d, 0, 0, 0);
#else
    static_cast<void>(d), static_cast<void>(a), static_cast<void>(b);
#endif
  }
};

// tf32 on CDNA3 is xf32: fp32 registers, reduced-precision products (small integers
// are exact), K = 4.
struct MfmaXf32 : MfmaShape<float, MfmaFloat16, MfmaFloat2, 4> {
  static constexpr const char* kInstruction = "v_mfma_f32_32x32x4_xf32";
  __device__ static A a_fragment(int v) {
    const auto f = static_cast<float>(v);
    return A{f, f};
  }
  __device__ static B b_fragment(int v) { return a_fragment(v); }
  __device__ static void mma(Accumulator& d, A a, B b) {
#if RL_MFMA_CDNA3 && __has_builtin(__builtin_amdgcn_mfma_f32_32x32x4_xf32)
    d = __builtin_amdgcn_mfma_f32_32x32x4_xf32(a, b, d, 0, 0, 0);
#else
    static_cast<void>(d), static_cast<void>(a), static_cast<void>(b);
#endif
  }
};

// fp8 on CDNA3 is the FNUZ encoding (exponent bias 8 for e4m3, 16 for e5m2 "bf8"); the
// same instructions on gfx950 read OCP e4m3/e5m2 (bias 7 and 15), as NVIDIA's do.
struct MfmaFp8 : MfmaShape<float, MfmaFloat16, long, 16> {
  static constexpr const char* kInstruction = "v_mfma_f32_32x32x16_fp8_fp8";
  __device__ static A a_fragment(int v) {
    return mfma_bytes8(encode_small_integer(v, RL_MFMA_FP8_OCP ? kE4m3Format : kE4m3FnuzFormat));
  }
  __device__ static B b_fragment(int v) { return a_fragment(v); }
  __device__ static void mma(Accumulator& d, A a, B b) {
#if RL_MFMA_FP8 && __has_builtin(__builtin_amdgcn_mfma_f32_32x32x16_fp8_fp8)
    d = __builtin_amdgcn_mfma_f32_32x32x16_fp8_fp8(a, b, d, 0, 0, 0);
#else
    static_cast<void>(d), static_cast<void>(a), static_cast<void>(b);
#endif
  }
};

struct MfmaBf8 : MfmaShape<float, MfmaFloat16, long, 16> {
  static constexpr const char* kInstruction = "v_mfma_f32_32x32x16_bf8_bf8";
  __device__ static A a_fragment(int v) {
    return mfma_bytes8(encode_small_integer(v, RL_MFMA_FP8_OCP ? kE5m2Format : kE5m2FnuzFormat));
  }
  __device__ static B b_fragment(int v) { return a_fragment(v); }
  __device__ static void mma(Accumulator& d, A a, B b) {
#if RL_MFMA_FP8 && __has_builtin(__builtin_amdgcn_mfma_f32_32x32x16_bf8_bf8)
    d = __builtin_amdgcn_mfma_f32_32x32x16_bf8_bf8(a, b, d, 0, 0, 0);
#else
    static_cast<void>(d), static_cast<void>(a), static_cast<void>(b);
#endif
  }
};

}  // namespace ridgeline::kernels
