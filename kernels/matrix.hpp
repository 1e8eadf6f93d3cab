// Matrix-unit kernels: the pure instruction rate of tensor cores / MFMA (operands held
// on chip, no DRAM traffic in the timed loop) and the vendor library's GEMM, whose work
// and traffic follow from its shape.
#pragma once

#include <cstdint>

#include "declaration.hpp"

namespace ridgeline::kernels {

// One warp's (NVIDIA mma.sync) or wavefront's (AMD MFMA) matrix instruction, repeated on
// register-resident fragments. One element = one multiply-add executed. fp32 exists
// only on AMD (MFMA f32); NVIDIA's tensor cores take fp32 data as tf32.
struct MatrixMma {
  static constexpr KernelDecl decl{
      "mma",
      Family::matrix,
      DType::fp32 | DType::fp16 | DType::bf16 | DType::tf32 | DType::int8 | DType::fp8_e4m3 |
          DType::fp8_e5m2,
      {},
      2,
      "D = A x B + D per warp/wavefront instruction (mma.sync, MFMA), registers only"};
};

// Hopper's warpgroup MMA (sm_90a): 128 threads issue one asynchronous instruction whose
// A and B tiles are read from shared memory. Without it an H100 shows only part of its
// tensor rate.
struct MatrixWgmma {
  static constexpr KernelDecl decl{
      "wgmma",
      Family::matrix,
      DType::fp16 | DType::bf16 | DType::int8 | DType::fp8_e4m3 | DType::fp8_e5m2,
      {},
      2,
      "D = A x B + D per warpgroup (wgmma.mma_async), A/B in shared memory"};
};

// What the matrix units multiply: full-entropy random values (the default: real data's
// power and clock) or exact small integers (bit-exact debugging). See matrix_operands.hpp.
enum class OperandMode : std::uint8_t { random, exact };

// C = A x B with A M x K, B K x N, C M x N, beta = 0. Stored as a linear layer stores
// them (A row-major, B as its N x K transpose, C row-major): the layout cuBLASLt requires
// for fp8 and int8 and the one PyTorch's F.linear uses, with the decode M unconstrained.
struct GemmShape {
  std::uint64_t m = 0;
  std::uint64_t n = 0;
  std::uint64_t k = 0;
  constexpr std::uint64_t multiply_adds() const { return m * n * k; }
  constexpr bool empty() const { return m == 0 || n == 0 || k == 0; }
  constexpr bool operator==(const GemmShape&) const = default;
};

// The element type of C for an input dtype: the accumulator's type for tf32 (fp32)
// and int8 (int32), bf16 for fp8 inputs (what LLM inference keeps), else the input's.
constexpr DType gemm_output_dtype(DType input) {
  switch (input) {
    case DType::tf32:
      return DType::fp32;
    case DType::int8:
      return DType::int32;
    case DType::fp8_e4m3:
    case DType::fp8_e5m2:
      return DType::bf16;
    default:
      return input;
  }
}

// The vendor library (cuBLASLt, hipBLASLt): flops 2MNK; bytes = A and B read once and
// C written once, the minimum any implementation moves, so a GEMM point lands on the
// roofline at its true (best-case) intensity. It declares no arrays: the catalogue
// computes gemm traffic from the shape.
struct Gemm {
  static constexpr KernelDecl decl{
      "gemm",
      Family::gemm,
      DType::fp16 | DType::bf16 | DType::tf32 | DType::int8 | DType::fp8_e4m3,
      {},
      2,
      "C = A x B (vendor BLAS), M x N x K; bytes = (MK + KN) in + MN out"};
};

using MatrixKernels = KernelList<MatrixMma, MatrixWgmma>;
using GemmKernels = KernelList<Gemm>;

}  // namespace ridgeline::kernels
