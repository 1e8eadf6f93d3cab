// Vector width the CPU kernels are compiled for. Include this first in every kernel
// file: the pragma must precede all code so inlined helpers share one target.
#pragma once

// GCC tunes AVX-512 parts for 256-bit vectors (-mprefer-vector-width=256) to dodge the
// AVX-512 frequency licence. A roofline wants the machine's peak, which needs full
// width for the FMA units, so the kernels ask for 512-bit vectors explicitly.
#if defined(__AVX512F__) && defined(__GNUC__) && !defined(__clang__)
#pragma GCC target("prefer-vector-width=512")
#endif

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
