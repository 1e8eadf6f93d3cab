// What HIP headers older than ROCm 6 (Debian's are ROCm 5.2) take from the compiler that
// newer clang (clang 22 does, clang 19 does not) no longer provides. Force-included
// (-include) before every HIP backend source by the clang rules of
// cmake/RidgelineGpuBackend.cmake, and only when the configure probe shows the headers
// fail without it; hipcc and clang with ROCm 6+ headers never see it.
//  - __AMDGCN_WAVEFRONT_SIZE: no longer predefined; every target built here (gfx9 CDNA)
//    runs 64-lane wavefronts.
//  - __llvm_amdgcn_rcp_f16 / _2f16 (hrcp, h2rcp in hip_fp16.h): clang dropped its
//    declarations; the same 1/x clang 19 defines them as, under names of our own.
//  - __atomic_work_item_fence (__threadfence*, __syncthreads): defined by ROCm 5's
//    hip.bc, which newer clang no longer links; here the same fences hip.bc emits, which
//    fold to one fence each once inlined (all calls pass constants).
#pragma once

#if !defined(__HIP__)
#error "hip_clang_compat.hpp is for clang's HIP compilation"
#endif

#if !defined(__AMDGCN_WAVEFRONT_SIZE)
#define __AMDGCN_WAVEFRONT_SIZE 64
#endif

using __ridgeline_2f16 = _Float16 __attribute__((ext_vector_type(2)));
__device__ inline _Float16 __ridgeline_rcp_f16(_Float16 x) { return _Float16{1} / x; }
__device__ inline __ridgeline_2f16 __ridgeline_rcp_2f16(__ridgeline_2f16 x) {
  return __ridgeline_2f16{_Float16{1}, _Float16{1}} / x;
}
#define __llvm_amdgcn_rcp_f16 __ridgeline_rcp_f16
#define __llvm_amdgcn_rcp_2f16 __ridgeline_rcp_2f16

#include <hip/hip_runtime.h>
// after hip_runtime.h, as the sources include it
#include <hip/hip_fp16.h>

// hip.bc's definition: no fence for relaxed (or consume) order or work-item scope; the
// OpenCL scopes map to wavefront, workgroup, agent and system (""). The flags (which
// address spaces) are ignored there too. The builtin takes constants only, hence one
// call per order and scope.
#define RIDGELINE_FENCE_IN(scope)                             \
  switch (order) {                                            \
    case __memory_order_acquire:                              \
      return __builtin_amdgcn_fence(__ATOMIC_ACQUIRE, scope); \
    case __memory_order_release:                              \
      return __builtin_amdgcn_fence(__ATOMIC_RELEASE, scope); \
    case __memory_order_acq_rel:                              \
      return __builtin_amdgcn_fence(__ATOMIC_ACQ_REL, scope); \
    case __memory_order_seq_cst:                              \
      return __builtin_amdgcn_fence(__ATOMIC_SEQ_CST, scope); \
    default:                                                  \
      return;                                                 \
  }

extern "C" __device__ inline void __atomic_work_item_fence(__cl_mem_fence_flags,
                                                           __memory_order order,
                                                           __memory_scope scope) {
  switch (scope) {
    case __memory_scope_sub_group:
      RIDGELINE_FENCE_IN("wavefront")
    case __memory_scope_work_group:
      RIDGELINE_FENCE_IN("workgroup")
    case __memory_scope_device:
      RIDGELINE_FENCE_IN("agent")
    case __memory_scope_all_svm_devices:
      RIDGELINE_FENCE_IN("")
    default:
      return;
  }
}
#undef RIDGELINE_FENCE_IN
