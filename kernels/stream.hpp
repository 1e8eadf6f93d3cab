// Memory-system kernels (STREAM family plus read-only and write-only), as element
// operations shared by every backend. Each struct declares its traffic beside its code.
//
// Inputs are small integers, so every result of these kernels is exactly
// representable in fp32/fp64 and a backend's output must equal the host model bit
// for bit. Reductions keep that property by summing at most kExactChunk elements in
// the kernel's dtype before widening to fp64 (chunk sums stay below 2^24).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

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

// The memory kernels as a value, for backends that dispatch on them at run time.
enum class StreamOp { read, write, copy, scale, add, triad, dot };

RL_INLINE constexpr bool is_reduction(StreamOp op) {
  return op == StreamOp::read || op == StreamOp::dot;
}

// Arrays an operation touches, named as in the declared formulas.
struct ArraysUsed {
  bool a, b, c;
  RL_INLINE constexpr int count() const { return int{a} + int{b} + int{c}; }
};
RL_INLINE constexpr ArraysUsed arrays_used(StreamOp op) {
  switch (op) {
    case StreamOp::read:
    case StreamOp::write:
      return {true, false, false};
    case StreamOp::copy:
      return {true, false, true};
    case StreamOp::scale:
      return {false, true, true};
    case StreamOp::dot:
      return {true, true, false};
    case StreamOp::add:
    case StreamOp::triad:
      break;
  }
  return {true, true, true};
}

// Host side: the operation a declared memory kernel names.
inline StreamOp stream_op_of(const KernelDecl& kernel) {
  const std::string_view name = kernel.name;
  if (name == Read::decl.name) return StreamOp::read;
  if (name == Write::decl.name) return StreamOp::write;
  if (name == Copy::decl.name) return StreamOp::copy;
  if (name == Scale::decl.name) return StreamOp::scale;
  if (name == Add::decl.name) return StreamOp::add;
  if (name == Triad::decl.name) return StreamOp::triad;
  if (name == Dot::decl.name) return StreamOp::dot;
  throw std::invalid_argument("not a memory kernel: " + std::string(name));
}

}  // namespace ridgeline::kernels
