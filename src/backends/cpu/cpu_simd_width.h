// The vector width and extension the current translation unit is compiled for, from the
// compiler's predefined macros. Macros, not constants: the SIMD variants
// (simd/cpu_simd_kernels.cpp) are compiled once per instruction-set level, and an inline
// constant with a different value in each would break the one-definition rule.
#pragma once

#if defined(__AVX512F__)
#define RL_CPU_VECTOR_BYTES 64
#define RL_CPU_VECTOR_ISA "avx512f"
#define RL_CPU_VECTOR_REGISTERS 32
#elif defined(__AVX2__)
#define RL_CPU_VECTOR_BYTES 32
#define RL_CPU_VECTOR_ISA "avx2"
#define RL_CPU_VECTOR_REGISTERS 16
#elif defined(__AVX__)
#define RL_CPU_VECTOR_BYTES 32
#define RL_CPU_VECTOR_ISA "avx"
#define RL_CPU_VECTOR_REGISTERS 16
#elif defined(__SSE2__)
#define RL_CPU_VECTOR_BYTES 16
#define RL_CPU_VECTOR_ISA "sse2"
#define RL_CPU_VECTOR_REGISTERS 16
#elif defined(__ARM_NEON)
#define RL_CPU_VECTOR_BYTES 16
#define RL_CPU_VECTOR_ISA "neon"
#define RL_CPU_VECTOR_REGISTERS 32
#else
#define RL_CPU_VECTOR_BYTES 8
#define RL_CPU_VECTOR_ISA "scalar"
#define RL_CPU_VECTOR_REGISTERS 16
#endif
