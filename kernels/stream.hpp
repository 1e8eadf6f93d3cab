// Memory-system kernels (STREAM family plus read-only and write-only), as element
// operations shared by every backend. Each struct declares its traffic beside its code.
//
// Inputs are small integers, so every result of these kernels is exactly
// representable in fp32/fp64 and a backend's output must equal the host model bit
// for bit. Reductions keep that property by summing at most kExactChunk elements in
// the kernel's dtype before widening to fp64 (chunk sums stay below 2^24).
#pragma once

#include "declaration.hpp"
#include "portability.hpp"

namespace ridgeline::kernels {

inline constexpr int kExactChunk = 4096;
inline constexpr DTypeMask kStreamDTypes = DType::fp64 | DType::fp32;

// Distinct periodic patterns per array, so a kernel reading the wrong array fails.
template <class T>
RL_INLINE T init_a(std::uint64_t i) {
  return static_cast<T>(1 + i % 7);
}
template <class T>
RL_INLINE T init_b(std::uint64_t i) {
  return static_cast<T>(2 + i % 5);
}
template <class T>
RL_INLINE T init_c(std::uint64_t i) {
  return static_cast<T>(1 + i % 3);
}
template <class T>
RL_INLINE T stream_scalar() {
  return static_cast<T>(3);
}
template <class T>
RL_INLINE T fill_value() {
  return static_cast<T>(5);
}

struct Read {
  static constexpr KernelDecl decl{"read", Family::memory, kStreamDTypes, 1, 0, 1, "sum += a[i]"};
  template <class T>
  RL_INLINE static T step(T acc, T a) {
    return acc + a;
  }
};

struct Write {
  static constexpr KernelDecl decl{"write", Family::memory, kStreamDTypes, 0, 1, 0, "a[i] = s"};
  template <class T>
  RL_INLINE static T apply(T s) {
    return s;
  }
};

struct Copy {
  static constexpr KernelDecl decl{"copy", Family::memory, kStreamDTypes, 1, 1, 0, "c[i] = a[i]"};
  template <class T>
  RL_INLINE static T apply(T a) {
    return a;
  }
};

struct Scale {
  static constexpr KernelDecl decl{"scale", Family::memory,   kStreamDTypes, 1, 1,
                                   1,       "b[i] = s * c[i]"};
  template <class T>
  RL_INLINE static T apply(T s, T c) {
    return s * c;
  }
};

struct Add {
  static constexpr KernelDecl decl{"add", Family::memory,      kStreamDTypes, 2, 1,
                                   1,     "c[i] = a[i] + b[i]"};
  template <class T>
  RL_INLINE static T apply(T a, T b) {
    return a + b;
  }
};

struct Triad {
  static constexpr KernelDecl decl{"triad", Family::memory,          kStreamDTypes, 2, 1,
                                   2,       "a[i] = b[i] + s * c[i]"};
  template <class T>
  RL_INLINE static T apply(T b, T c, T s) {
    return b + s * c;
  }
};

struct Dot {
  static constexpr KernelDecl decl{"dot", Family::memory,      kStreamDTypes, 2, 0,
                                   2,     "sum += a[i] * b[i]"};
  template <class T>
  RL_INLINE static T step(T acc, T a, T b) {
    return acc + a * b;
  }
};

}  // namespace ridgeline::kernels
