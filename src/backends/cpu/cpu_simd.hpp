// Vector width the generic CPU kernels (the memory kernels) are compiled for: the build's
// own flags, -march=native or the baseline ISA. The compute-bound kernels are compiled
// per instruction-set level and chosen at run time instead (cpu_simd_variant.hpp).
#pragma once

#include "backends/cpu/cpu_simd_width.h"

namespace ridgeline::cpu {

inline constexpr int kVectorBytes = RL_CPU_VECTOR_BYTES;
inline constexpr const char* kVectorIsa = RL_CPU_VECTOR_ISA;

// Elements of T in one vector register.
template <class T>
inline constexpr int kLanes = kVectorBytes / static_cast<int>(sizeof(T)) > 0
                                  ? kVectorBytes / static_cast<int>(sizeof(T))
                                  : 1;

}  // namespace ridgeline::cpu
