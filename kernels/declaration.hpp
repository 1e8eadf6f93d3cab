// How a kernel declares its traffic and work, next to its code. Every rate the tool
// prints is computed from these numbers (see src/core/catalogue.hpp), never measured.
#pragma once

#include <cstdint>

namespace ridgeline::kernels {

// Appended, never reordered: the order is the dtype order of tables and masks.
// tf32 and the two fp8 formats exist only as matrix-unit (tensor core / MFMA) inputs.
enum class DType : std::uint8_t { fp64, fp32, fp16, bf16, int32, int8, tf32, fp8_e4m3, fp8_e5m2 };

// Bit set of dtypes a kernel is defined for.
using DTypeMask = std::uint32_t;
constexpr DTypeMask mask_of(DType t) { return DTypeMask{1} << static_cast<unsigned>(t); }
constexpr DTypeMask operator|(DType a, DType b) { return mask_of(a) | mask_of(b); }
constexpr DTypeMask operator|(DTypeMask a, DType b) { return a | mask_of(b); }

enum class Family : std::uint8_t {
  memory,     // streams arrays through the memory system; rate in GB/s
  compute,    // register-resident arithmetic; rate in GFLOP/s (GOP/s for integers)
  intensity,  // k multiply-adds per element loaded: the roofline between the two
  matrix,     // register/shared-memory resident matrix-unit instructions; GFLOP/s (GOP/s)
  gemm,       // the vendor library's GEMM, M x N x K; flops 2MNK, bytes from the shape
};

struct KernelDecl {
  const char* name;
  Family family;
  DTypeMask dtypes;
  // Per element processed, in units of the element's dtype: one load or store moves
  // sizeof(dtype) bytes. Write-allocate traffic a cache may add is not counted (the
  // STREAM convention), so a copy moves 2 x sizeof(dtype) bytes per element.
  int loads_per_element;
  int stores_per_element;
  // Arithmetic per element: a multiply-add counts as 2. Intensity kernels multiply
  // this by their run-time FMA count.
  int flops_per_element;
  const char* formula;
};

}  // namespace ridgeline::kernels
