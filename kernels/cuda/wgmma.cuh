// Hopper's warpgroup MMA (wgmma.mma_async, sm_90a only): each warpgroup of a block
// repeats one m64n256 instruction whose A and B tiles sit in shared memory (matrix
// descriptors), into fp32/int32 register accumulators. Nothing but the instruction runs
// in the timed loop: no global memory traffic until each thread writes its accumulators
// once. Counting warpgroups multiply ones, the others two random sets that cancel in
// turn, all accumulating: kernels/matrix_operands.hpp, wgmma_layout.hpp.
//
// The instruction exists only in the arch-specific sm_90a target; every other target
// (sm_80, sm_100, plain sm_90) compiles the kernels to an empty body and the probe
// kernel reports 0, so the host refuses the case instead of running nothing.
#pragma once

#include <cstdint>

#include "kernels/wgmma_layout.hpp"

#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
#define RL_WGMMA_DEVICE 1
#else
#define RL_WGMMA_DEVICE 0
#endif

namespace ridgeline::kernels::wgmma {

// A block runs 1 to 3 warpgroups (blockDim.x / 128), each with its own A tile and all
// sharing the two B tiles. Three is the most that fit one SM's registers at 128
// accumulators plus addressing per thread (__launch_bounds__ caps them at 168).
inline constexpr int kMaxWarpgroupsPerBlock = 3;
inline constexpr int kMaxThreadsPerBlock = kMaxWarpgroupsPerBlock * kWarpgroupThreads;

template <class Acc>
struct KernelArgs {
  // Each call runs 2 * iterations + 1 instructions per warpgroup: each operand set once
  // per iteration, then set 0 once more.
  unsigned iterations;
  MatrixOperandBits bits;
  int random_operands;  // 0: every warpgroup counts
  // kAccumulatorsPerThread values per thread; value r of thread t of global warpgroup g
  // at ((g * kAccumulatorsPerThread + r) * kWarpgroupThreads + t): coalesced stores.
  Acc* out;
};

// The 128 accumulator operands of one instruction as inline-asm constraints.
#define RL_WGMMA_D4(c, d, i) c(d[(i)]), c(d[(i) + 1]), c(d[(i) + 2]), c(d[(i) + 3])
#define RL_WGMMA_D16(c, d, i)                                                     \
  RL_WGMMA_D4(c, d, (i)), RL_WGMMA_D4(c, d, (i) + 4), RL_WGMMA_D4(c, d, (i) + 8), \
      RL_WGMMA_D4(c, d, (i) + 12)
#define RL_WGMMA_D64(c, d, i)                                                          \
  RL_WGMMA_D16(c, d, (i)), RL_WGMMA_D16(c, d, (i) + 16), RL_WGMMA_D16(c, d, (i) + 32), \
      RL_WGMMA_D16(c, d, (i) + 48)
#define RL_WGMMA_D128(c, d) RL_WGMMA_D64(c, d, 0), RL_WGMMA_D64(c, d, 64)
#define RL_WGMMA_D128_TEXT                                                                      \
  "{%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, %16, %17, %18, %19, " \
  "%20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31, %32, %33, %34, %35, %36, %37, "  \
  "%38, %39, %40, %41, %42, %43, %44, %45, %46, %47, %48, %49, %50, %51, %52, %53, %54, %55, "  \
  "%56, %57, %58, %59, %60, %61, %62, %63, %64, %65, %66, %67, %68, %69, %70, %71, %72, %73, "  \
  "%74, %75, %76, %77, %78, %79, %80, %81, %82, %83, %84, %85, %86, %87, %88, %89, %90, %91, "  \
  "%92, %93, %94, %95, %96, %97, %98, %99, %100, %101, %102, %103, %104, %105, %106, %107, "    \
  "%108, %109, %110, %111, %112, %113, %114, %115, %116, %117, %118, %119, %120, %121, %122, "  \
  "%123, %124, %125, %126, %127}"
// D = A x B + D (scale-d = 1; %130 is 1) for floating-point inputs, unscaled, K-major.
#define RL_WGMMA_FLOAT(shape_and_types, d, desc_a, desc_b)                                       \
  asm volatile(                                                                                  \
      "{\n.reg .pred p;\nsetp.ne.b32 p, %130, 0;\nwgmma.mma_async.sync.aligned." shape_and_types \
      " " RL_WGMMA_D128_TEXT ", %128, %129, p, 1, 1;\n}\n"                                       \
      : RL_WGMMA_D128("+f", d)                                                                   \
      : "l"(desc_a), "l"(desc_b), "r"(1))
#define RL_WGMMA_FLOAT_TRANSPOSABLE(shape_and_types, d, desc_a, desc_b)                          \
  asm volatile(                                                                                  \
      "{\n.reg .pred p;\nsetp.ne.b32 p, %130, 0;\nwgmma.mma_async.sync.aligned." shape_and_types \
      " " RL_WGMMA_D128_TEXT ", %128, %129, p, 1, 1, 0, 0;\n}\n"                                 \
      : RL_WGMMA_D128("+f", d)                                                                   \
      : "l"(desc_a), "l"(desc_b), "r"(1))

// One instruction per input dtype: its PTX name and D = A x B + D on descriptors.
struct Fp16 {
  using Acc = float;
  static constexpr DType kDType = DType::fp16;
  static constexpr const char* kInstruction = "wgmma.mma_async.sync.aligned.m64n256k16.f32.f16.f16";
  __device__ static void mma(float (&d)[kAccumulatorsPerThread], std::uint64_t desc_a,
                             std::uint64_t desc_b) {
#if RL_WGMMA_DEVICE
    RL_WGMMA_FLOAT_TRANSPOSABLE("m64n256k16.f32.f16.f16", d, desc_a, desc_b);
#endif
  }
};
struct Bf16 {
  using Acc = float;
  static constexpr DType kDType = DType::bf16;
  static constexpr const char* kInstruction =
      "wgmma.mma_async.sync.aligned.m64n256k16.f32.bf16.bf16";
  __device__ static void mma(float (&d)[kAccumulatorsPerThread], std::uint64_t desc_a,
                             std::uint64_t desc_b) {
#if RL_WGMMA_DEVICE
    RL_WGMMA_FLOAT_TRANSPOSABLE("m64n256k16.f32.bf16.bf16", d, desc_a, desc_b);
#endif
  }
};
struct Fp8E4m3 {
  using Acc = float;
  static constexpr DType kDType = DType::fp8_e4m3;
  static constexpr const char* kInstruction =
      "wgmma.mma_async.sync.aligned.m64n256k32.f32.e4m3.e4m3";
  __device__ static void mma(float (&d)[kAccumulatorsPerThread], std::uint64_t desc_a,
                             std::uint64_t desc_b) {
#if RL_WGMMA_DEVICE
    RL_WGMMA_FLOAT("m64n256k32.f32.e4m3.e4m3", d, desc_a, desc_b);
#endif
  }
};
struct Fp8E5m2 {
  using Acc = float;
  static constexpr DType kDType = DType::fp8_e5m2;
  static constexpr const char* kInstruction =
      "wgmma.mma_async.sync.aligned.m64n256k32.f32.e5m2.e5m2";
  __device__ static void mma(float (&d)[kAccumulatorsPerThread], std::uint64_t desc_a,
                             std::uint64_t desc_b) {
#if RL_WGMMA_DEVICE
    RL_WGMMA_FLOAT("m64n256k32.f32.e5m2.e5m2", d, desc_a, desc_b);
#endif
  }
};
struct Int8 {
  using Acc = std::int32_t;
  static constexpr DType kDType = DType::int8;
  static constexpr const char* kInstruction = "wgmma.mma_async.sync.aligned.m64n256k32.s32.s8.s8";
  __device__ static void mma(std::int32_t (&d)[kAccumulatorsPerThread], std::uint64_t desc_a,
                             std::uint64_t desc_b) {
#if RL_WGMMA_DEVICE
    asm volatile(
        "{\n.reg .pred p;\nsetp.ne.b32 p, %130, 0;\n"
        "wgmma.mma_async.sync.aligned.m64n256k32.s32.s8.s8 " RL_WGMMA_D128_TEXT
        ", %128, %129, p;\n}\n"
        : RL_WGMMA_D128("+r", d)
        : "l"(desc_a), "l"(desc_b), "r"(1));
#endif
  }
};

#undef RL_WGMMA_FLOAT_TRANSPOSABLE
#undef RL_WGMMA_FLOAT
#undef RL_WGMMA_D128_TEXT
#undef RL_WGMMA_D128
#undef RL_WGMMA_D64
#undef RL_WGMMA_D16
#undef RL_WGMMA_D4

#if RL_WGMMA_DEVICE
// Tells the compiler an accumulator may change here, so no read or write of it moves
// across a fence or wait (the asynchronous instruction owns it in between).
__device__ inline void hold(float& x) { asm volatile("" : "+f"(x)::"memory"); }
__device__ inline void hold(std::int32_t& x) { asm volatile("" : "+r"(x)::"memory"); }

template <int kPending>
__device__ inline void wait_group() {
  asm volatile("wgmma.wait_group.sync.aligned %0;\n" ::"n"(kPending) : "memory");
}
__device__ inline void commit_group() {
  asm volatile("wgmma.commit_group.sync.aligned;\n" ::: "memory");
}
#endif

template <class Instr>
__global__ void __launch_bounds__(kMaxThreadsPerBlock, 1)
    wgmma_kernel(KernelArgs<typename Instr::Acc> args) {
#if RL_WGMMA_DEVICE
  using Acc = typename Instr::Acc;
  constexpr std::uint32_t kAWords = kATileBytes / 4;
  constexpr std::uint32_t kBWords = kBTileBytes / 4;
  // Tile 0 holds ones (counting), tiles 1 and 2 the random sets 0 and 1.
  __shared__ alignas(128) std::uint32_t a_tiles[3][kAWords];
  __shared__ alignas(128) std::uint32_t b_tiles[3][kBWords];

  constexpr DType t = Instr::kDType;
  const std::uint32_t a_words[3] = {operand_word(t, args.bits.one), operand_word(t, args.bits.a[0]),
                                    operand_word(t, args.bits.a[1])};
  const std::uint32_t b_words[3] = {operand_word(t, args.bits.one), operand_word(t, args.bits.b[0]),
                                    operand_word(t, args.bits.b[1])};
  for (std::uint32_t i = threadIdx.x; i < 3 * kAWords; i += blockDim.x)
    a_tiles[i / kAWords][i % kAWords] = a_words[i / kAWords];
  for (std::uint32_t i = threadIdx.x; i < 3 * kBWords; i += blockDim.x)
    b_tiles[i / kBWords][i % kBWords] = b_words[i / kBWords];
  // wgmma reads shared memory through the async proxy: make the generic-proxy stores
  // above visible to it before any warpgroup issues.
  asm volatile("fence.proxy.async.shared::cta;\n" ::: "memory");
  __syncthreads();

  const std::uint32_t warpgroups_per_block = blockDim.x / kWarpgroupThreads;
  const std::uint32_t lane = threadIdx.x % kWarpgroupThreads;
  const std::uint64_t warpgroup =
      std::uint64_t{blockIdx.x} * warpgroups_per_block + threadIdx.x / kWarpgroupThreads;
  const bool counting = counting_warpgroup(args.random_operands != 0, warpgroup);
  const auto descriptor = [](const void* tile) {
    return matrix_descriptor(static_cast<std::uint32_t>(__cvta_generic_to_shared(tile)),
                             kLeadingByteOffset, kStrideByteOffset);
  };
  // Per operand set s: counting warpgroups use ones for both, the others set s.
  const std::uint64_t desc_a0 = descriptor(a_tiles[counting ? 0 : 1]);
  const std::uint64_t desc_a1 = descriptor(a_tiles[counting ? 0 : 2]);
  const std::uint64_t desc_b0 = descriptor(b_tiles[counting ? 0 : 1]);
  const std::uint64_t desc_b1 = descriptor(b_tiles[counting ? 0 : 2]);

  Acc d[kAccumulatorsPerThread];
  const Acc seed = static_cast<Acc>(counting ? instruction_k(t) * accumulator_seed(warpgroup) : 0);
#pragma unroll
  for (int r = 0; r < kAccumulatorsPerThread; ++r) {
    d[r] = seed;
    hold(d[r]);
  }
  asm volatile("wgmma.fence.sync.aligned;\n" ::: "memory");
  // Instructions on one accumulator are ordered by the hardware; waiting for all but
  // the newest group bounds what is in flight without draining the pipe.
#pragma unroll 1  // one source iteration per machine-code iteration, for the audit
  for (unsigned it = 0; it < args.iterations; ++it) {
    Instr::mma(d, desc_a0, desc_b0);
    Instr::mma(d, desc_a1, desc_b1);
    commit_group();
    wait_group<1>();
  }
  Instr::mma(d, desc_a0, desc_b0);
  commit_group();
  wait_group<0>();
#pragma unroll
  for (int r = 0; r < kAccumulatorsPerThread; ++r) {
    hold(d[r]);
    args.out[(warpgroup * kAccumulatorsPerThread + r) * kWarpgroupThreads + lane] = d[r];
  }
#else
  static_cast<void>(args);
#endif
}

// Writes 1 where this binary runs sm_90a code on the device, 0 elsewhere.
__global__ void wgmma_arch_probe(int* has_wgmma) { *has_wgmma = RL_WGMMA_DEVICE; }

}  // namespace ridgeline::kernels::wgmma
