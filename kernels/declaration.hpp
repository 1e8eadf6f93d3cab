// How a kernel declares its traffic and work, next to its code. Every rate the tool
// prints is computed from these numbers (see src/core/catalogue.hpp), never measured.
#pragma once

#include <cstdint>

#include "portability.hpp"

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
  memory,      // streams arrays through the memory system; rate in GB/s
  compute,     // register-resident arithmetic; rate in GFLOP/s (GOP/s for integers)
  intensity,   // k multiply-adds per element loaded: the roofline between the two
  matrix,      // register/shared-memory resident matrix-unit instructions; GFLOP/s (GOP/s)
  gemm,        // the vendor library's GEMM, M x N x K; flops 2MNK, bytes from the shape
  transfer,    // host <-> device copies over the link; GB/s, each byte once per direction
  latency,     // dependent loads, one at a time; ns per load (lower is better)
  collective,  // a collective between ranks (MPI) or GPUs (NCCL/RCCL); bytes = message size
};

// What a kernel does with one of its arrays (named a, b, c as in the formulas).
enum class Role : std::uint8_t { none, read, write, read_write };

RL_HOST_DEVICE constexpr bool is_read(Role r) { return r == Role::read || r == Role::read_write; }
RL_HOST_DEVICE constexpr bool is_written(Role r) {
  return r == Role::write || r == Role::read_write;
}

struct ArrayRoles {
  Role a = Role::none;
  Role b = Role::none;
  Role c = Role::none;

  RL_HOST_DEVICE constexpr int arrays() const {
    return int{a != Role::none} + (b != Role::none) + (c != Role::none);
  }
  // Per element processed, in units of the element's dtype: one load or store moves
  // sizeof(dtype) bytes. Write-allocate traffic a cache may add is not counted (the
  // STREAM convention), so a copy moves 2 x sizeof(dtype) bytes per element and a
  // read-write array counts once each way.
  RL_HOST_DEVICE constexpr int loads() const { return int{is_read(a)} + is_read(b) + is_read(c); }
  RL_HOST_DEVICE constexpr int stores() const {
    return int{is_written(a)} + is_written(b) + is_written(c);
  }
};

struct KernelDecl {
  const char* name;
  Family family;
  DTypeMask dtypes;
  // The arrays of memory and intensity kernels and what the kernel does with each; the
  // bytes per element follow from them. Compute and matrix kernels hold none.
  ArrayRoles arrays;
  // Arithmetic per element: a multiply-add counts as 2. Intensity kernels multiply
  // this by their run-time FMA count.
  int flops_per_element;
  const char* formula;
  // The kernel's result is one sum over the arrays (read, dot), not an array.
  bool sums = false;
  // Planned over a sweep of working sets (16 KiB to 4x the last-level cache), repeating
  // inside one call, not at the DRAM-sized arrays of the memory kernels.
  bool working_set_sweep = false;

  RL_HOST_DEVICE constexpr int loads_per_element() const { return arrays.loads(); }
  RL_HOST_DEVICE constexpr int stores_per_element() const { return arrays.stores(); }
};

// A list of kernel types (each with a static `decl`), so backends and the catalogue
// iterate over the kernels of a family instead of naming each one.
template <class... Kernels>
struct KernelList {};

// Calls f.template operator()<K>() for the kernel K of `List` whose name is `name`;
// returns false when none has it.
template <class... Kernels, class F>
constexpr bool visit_kernel(KernelList<Kernels...>, const char* name, F&& f) {
  const auto same = [](const char* x, const char* y) {
    while (*x != '\0' && *x == *y) ++x, ++y;
    return *x == *y;
  };
  return ((same(Kernels::decl.name, name) ? (f.template operator()<Kernels>(), true) : false) ||
          ...);
}

}  // namespace ridgeline::kernels
