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
// Policy (CRTP) supplies pack(bits): a register with every element set to the element
// bits `bits` (kernels/matrix_operands.hpp says what they hold).
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
  __device__ static A a_fragment(std::uint32_t bits) {
    const std::uint32_t r = Policy::pack(bits);
    return {{r, r, r, r}};
  }
  __device__ static B b_fragment(std::uint32_t bits) {
    const std::uint32_t r = Policy::pack(bits);
    return {{r, r}};
  }
};

// D = A x B + D.
#define RL_MMA_SYNC_F32(ptx)                                                  \
  asm volatile(ptx " {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};\n" \
               : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])               \
               : "r"(a.r[0]), "r"(a.r[1]), "r"(a.r[2]), "r"(a.r[3]), "r"(b.r[0]), "r"(b.r[1]))

// One policy per instruction: its PTX name and mma().
#define RL_MMA_SYNC_FLOAT_POLICY(Name, k, ptx, pack_expression)                                  \
  struct Name : MmaSyncShape<Name, float, 16, 8, k> {                                            \
    static constexpr const char* kInstruction = ptx;                                             \
    __device__ static std::uint32_t pack(std::uint32_t bits) { return pack_expression; }         \
    __device__ static void mma(Accumulator& d, const A& a, const B& b) { RL_MMA_SYNC_F32(ptx); } \
  }

RL_MMA_SYNC_FLOAT_POLICY(MmaSyncF16, 16, "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32",
                         replicate16(bits));
RL_MMA_SYNC_FLOAT_POLICY(MmaSyncBf16, 16, "mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32",
                         replicate16(bits));
// tf32 operands are fp32 words (the unit reads their top 19 bits).
RL_MMA_SYNC_FLOAT_POLICY(MmaSyncTf32, 8, "mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32",
                         bits);

struct MmaSyncS8 : MmaSyncShape<MmaSyncS8, std::int32_t, 16, 8, 32> {
  static constexpr const char* kInstruction = "mma.sync.aligned.m16n8k32.row.col.s32.s8.s8.s32";
  __device__ static std::uint32_t pack(std::uint32_t bits) { return replicate8(bits); }
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

#define RL_MMA_SYNC_FP8_POLICY(Name, ptx)                                                        \
  struct Name : MmaSyncShape<Name, float, 16, 8, 32> {                                           \
    static constexpr const char* kInstruction = ptx;                                             \
    __device__ static std::uint32_t pack(std::uint32_t bits) { return replicate8(bits); }        \
    __device__ static void mma(Accumulator& d, const A& a, const B& b) { RL_MMA_SYNC_FP8(ptx); } \
  }

RL_MMA_SYNC_FP8_POLICY(MmaSyncE4m3, "mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e4m3.f32");
RL_MMA_SYNC_FP8_POLICY(MmaSyncE5m2, "mma.sync.aligned.m16n8k32.row.col.f32.e5m2.e5m2.f32");

#undef RL_MMA_SYNC_FP8_POLICY
#undef RL_MMA_SYNC_FLOAT_POLICY
#undef RL_MMA_SYNC_FP8
#undef RL_MMA_SYNC_F32

}  // namespace ridgeline::kernels
