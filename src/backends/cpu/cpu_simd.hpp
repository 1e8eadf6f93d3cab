// Vector width the CPU kernels are compiled for (cmake/RidgelineWarnings.cmake asks GCC
// for full-width AVX-512 code in the host kernels: -mprefer-vector-width=512).
#pragma once

namespace ridgeline::cpu {

#if defined(__AVX512F__)
inline constexpr int kVectorBytes = 64;
inline constexpr const char* kVectorIsa = "avx512f";
#elif defined(__AVX2__)
inline constexpr int kVectorBytes = 32;
inline constexpr const char* kVectorIsa = "avx2";
#elif defined(__AVX__)
inline constexpr int kVectorBytes = 32;
inline constexpr const char* kVectorIsa = "avx";
#elif defined(__SSE2__)
inline constexpr int kVectorBytes = 16;
inline constexpr const char* kVectorIsa = "sse2";
#elif defined(__ARM_NEON)
inline constexpr int kVectorBytes = 16;
inline constexpr const char* kVectorIsa = "neon";
#else
inline constexpr int kVectorBytes = 8;
inline constexpr const char* kVectorIsa = "scalar";
#endif

// Elements of T in one vector register.
template <class T>
inline constexpr int kLanes = kVectorBytes / static_cast<int>(sizeof(T)) > 0
                                  ? kVectorBytes / static_cast<int>(sizeof(T))
                                  : 1;

}  // namespace ridgeline::cpu
