// NVIDIA warp-level tensor-core instructions (PTX mma.sync) for the mma kernel, one
// policy per input dtype. Every shape used here has the same register footprint per
// lane: A 4 x 32 bits, B 2 x 32 bits, C/D 4 x 32 bits (a 16x8 fp32 or int32 tile). The
// asm is volatile so an instruction whose result is later overwritten is still issued.
#pragma once

#include <cstdint>

#include "kernels/matrix_operands.hpp"

namespace ridgeline::kernels {

template <class T>
struct MmaSyncTile {
  T v[4];
  __device__ T& operator[](int i) { return v[i]; }
  __device__ const T& operator[](int i) const { return v[i]; }
};
struct MmaSyncA {
  std::uint32_t r[4];
};
struct MmaSyncB {
  std::uint32_t r[2];
};

// What every policy shares: a warp of 32 lanes, 4 accumulators per lane, and 8
// independent accumulator chains per warp (mma.sync latency is ~16-32 cycles; 8 chains
// x 8 warps per block keep several instructions in flight on every sub-partition).
// Policy (CRTP) supplies pack(v): a register with every element of its format set to v.
template <class Policy, class AccT, int M, int N, int K>
struct MmaSyncShape {
  using Acc = AccT;
  using Accumulator = MmaSyncTile<AccT>;
  using A = MmaSyncA;
  using B = MmaSyncB;
  static constexpr int kLanes = 32;
  static constexpr int kChains = 8;
  static constexpr int kAccumulators = 4;
  static constexpr int kM = M;
  static constexpr int kN = N;
  static constexpr int kK = K;
  __device__ static A a_fragment(int v) {
    const std::uint32_t r = Policy::pack(v);
    return {{r, r, r, r}};
  }
  __device__ static B b_fragment(int v) {
    const std::uint32_t r = Policy::pack(v);
    return {{r, r}};
  }
};

#define RL_MMA_SYNC_F32(ptx)                                                  \
  asm volatile(ptx " {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};\n" \
               : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])               \
               : "r"(a.r[0]), "r"(a.r[1]), "r"(a.r[2]), "r"(a.r[3]), "r"(b.r[0]), "r"(b.r[1]))

struct MmaSyncF16 : MmaSyncShape<MmaSyncF16, float, 16, 8, 16> {
  static constexpr const char* kInstruction = "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32";
  __device__ static std::uint32_t pack(int v) {
    return replicate16(encode_small_integer(v, kFp16Format));
  }
  __device__ static void mma(Accumulator& d, const A& a, const B& b) {
    RL_MMA_SYNC_F32("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32");
  }
};

struct MmaSyncBf16 : MmaSyncShape<MmaSyncBf16, float, 16, 8, 16> {
  static constexpr const char* kInstruction = "mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32";
  __device__ static std::uint32_t pack(int v) {
    return replicate16(encode_small_integer(v, kBf16Format));
  }
  __device__ static void mma(Accumulator& d, const A& a, const B& b) {
    RL_MMA_SYNC_F32("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32");
  }
};

struct MmaSyncTf32 : MmaSyncShape<MmaSyncTf32, float, 16, 8, 8> {
  static constexpr const char* kInstruction = "mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32";
  __device__ static std::uint32_t pack(int v) { return encode_small_integer(v, kFp32Format); }
  __device__ static void mma(Accumulator& d, const A& a, const B& b) {
    RL_MMA_SYNC_F32("mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32");
  }
};

struct MmaSyncS8 : MmaSyncShape<MmaSyncS8, std::int32_t, 16, 8, 32> {
  static constexpr const char* kInstruction = "mma.sync.aligned.m16n8k32.row.col.s32.s8.s8.s32";
  __device__ static std::uint32_t pack(int v) { return replicate8(encode_int8(v)); }
  __device__ static void mma(Accumulator& d, const A& a, const B& b) {
    asm volatile(
        "mma.sync.aligned.m16n8k32.row.col.s32.s8.s8.s32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, "
        "{%8,%9}, {%0,%1,%2,%3};\n"
        : "+r"(d[0]), "+r"(d[1]), "+r"(d[2]), "+r"(d[3])
        : "r"(a.r[0]), "r"(a.r[1]), "r"(a.r[2]), "r"(a.r[3]), "r"(b.r[0]), "r"(b.r[1]));
  }
};

// fp8 mma.sync exists from sm_89 (QMMA.16832 on sm_89 and sm_12x; sm_90-sm_110 emulate it
// with f16 HMMA, so the host does not plan it there). The binary also carries sm_80 code,
// where these kernels compile to nothing: the host plans fp8 only where the loaded code
// has it (mma_available), and a kernel that ran anyway would fail verification.
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 890
#define RL_MMA_SYNC_FP8(ptx) RL_MMA_SYNC_F32(ptx)
#else
#define RL_MMA_SYNC_FP8(ptx) \
  static_cast<void>(d);      \
  static_cast<void>(a);      \
  static_cast<void>(b)
#endif

struct MmaSyncE4m3 : MmaSyncShape<MmaSyncE4m3, float, 16, 8, 32> {
  static constexpr const char* kInstruction = "mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e4m3.f32";
  __device__ static std::uint32_t pack(int v) {
    return replicate8(encode_small_integer(v, kE4m3Format));
  }
  __device__ static void mma(Accumulator& d, const A& a, const B& b) {
    RL_MMA_SYNC_FP8("mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e4m3.f32");
  }
};

struct MmaSyncE5m2 : MmaSyncShape<MmaSyncE5m2, float, 16, 8, 32> {
  static constexpr const char* kInstruction = "mma.sync.aligned.m16n8k32.row.col.f32.e5m2.e5m2.f32";
  __device__ static std::uint32_t pack(int v) {
    return replicate8(encode_small_integer(v, kE5m2Format));
  }
  __device__ static void mma(Accumulator& d, const A& a, const B& b) {
    RL_MMA_SYNC_FP8("mma.sync.aligned.m16n8k32.row.col.f32.e5m2.e5m2.f32");
  }
};

#undef RL_MMA_SYNC_FP8
#undef RL_MMA_SYNC_F32

}  // namespace ridgeline::kernels
