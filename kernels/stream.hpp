// Memory-system kernels (the STREAM family, BabelStream's nstream, read-only and
// write-only), each declared once beside its element operation: which arrays it reads
// and writes (bytes follow from that), its flops, and what one element does. Both
// backends and the verification derive their loads, stores, array counts and expected
// values from these declarations; adding a kernel here and to MemoryKernels is all it
// takes (see `ridgeline list`).
//
// Inputs are small integers, so every result of these kernels is exactly representable
// in fp32/fp64 and a backend's output must equal the host model bit for bit. Sums keep
// that property by adding at most kExactChunk terms in the kernel's dtype before
// widening to fp64 (chunk sums stay below 2^24).
#pragma once

#include <cstdint>

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
// Every array's pattern repeats with this period (the periods' least common multiple).
inline constexpr std::uint64_t kPatternPeriod = 7 * 5 * 3;

template <class T>
RL_INLINE T stream_scalar() {
  return static_cast<T>(3);
}
template <class T>
RL_INLINE T fill_value() {
  return static_cast<T>(5);
}

// The values of arrays a, b and c at one index, as an element operation sees them: a
// backend loads the arrays the kernel reads, applies the operation and stores the
// arrays it writes.
template <class T>
struct Element {
  T a{}, b{}, c{};
};

struct Read {
  static constexpr KernelDecl decl{
      "read", Family::memory, kStreamDTypes, {Role::read, Role::none, Role::none},
      1,      "sum += a[i]",  true};
  template <class T>
  RL_INLINE static T term(const Element<T>& e) {
    return e.a;
  }
};

struct Write {
  static constexpr KernelDecl decl{
      "write", Family::memory, kStreamDTypes, {Role::write, Role::none, Role::none}, 0, "a[i] = s"};
  template <class T>
  RL_INLINE static void apply(Element<T>& e) {
    e.a = fill_value<T>();
  }
};

struct Copy {
  static constexpr KernelDecl decl{
      "copy", Family::memory, kStreamDTypes, {Role::read, Role::none, Role::write},
      0,      "c[i] = a[i]"};
  template <class T>
  RL_INLINE static void apply(Element<T>& e) {
    e.c = e.a;
  }
};

struct Scale {
  static constexpr KernelDecl decl{
      "scale", Family::memory,   kStreamDTypes, {Role::none, Role::write, Role::read},
      1,       "b[i] = s * c[i]"};
  template <class T>
  RL_INLINE static void apply(Element<T>& e) {
    e.b = stream_scalar<T>() * e.c;
  }
};

struct Add {
  static constexpr KernelDecl decl{
      "add", Family::memory,      kStreamDTypes, {Role::read, Role::read, Role::write},
      1,     "c[i] = a[i] + b[i]"};
  template <class T>
  RL_INLINE static void apply(Element<T>& e) {
    e.c = e.a + e.b;
  }
};

struct Triad {
  static constexpr KernelDecl decl{
      "triad", Family::memory,          kStreamDTypes, {Role::write, Role::read, Role::read},
      2,       "a[i] = b[i] + s * c[i]"};
  template <class T>
  RL_INLINE static void apply(Element<T>& e) {
    e.a = e.b + stream_scalar<T>() * e.c;
  }
};

struct Dot {
  static constexpr KernelDecl decl{
      "dot", Family::memory,       kStreamDTypes, {Role::read, Role::read, Role::none},
      2,     "sum += a[i] * b[i]", true};
  template <class T>
  RL_INLINE static T term(const Element<T>& e) {
    return e.a * e.b;
  }
};

// BabelStream's nstream: the one kernel that reads the array it writes, so its result
// grows with every call (by at most 13 per call: exact for millions of calls).
struct Nstream {
  static constexpr KernelDecl decl{"nstream",
                                   Family::memory,
                                   kStreamDTypes,
                                   {Role::read_write, Role::read, Role::read},
                                   3,
                                   "a[i] += b[i] + s * c[i]"};
  template <class T>
  RL_INLINE static void apply(Element<T>& e) {
    e.a += e.b + stream_scalar<T>() * e.c;
  }
};

using MemoryKernels = KernelList<Read, Write, Copy, Scale, Add, Triad, Dot, Nstream>;

// Whether the kernel's output depends on how many times it ran (it reads an array it
// writes), so its model must replay every call.
RL_HOST_DEVICE constexpr bool accumulates(const KernelDecl& k) {
  return (is_read(k.arrays.a) && is_written(k.arrays.a)) ||
         (is_read(k.arrays.b) && is_written(k.arrays.b)) ||
         (is_read(k.arrays.c) && is_written(k.arrays.c));
}

// The gold model: the arrays' values at index i after `calls` calls of kernel K,
// replayed on the initial patterns. A reading kernel's operation is not applied.
template <class K, class T>
RL_INLINE Element<T> after_calls(std::uint64_t i, std::uint64_t calls) {
  Element<T> e{init_a<T>(i), init_b<T>(i), init_c<T>(i)};
  if constexpr (!K::decl.sums) {
    const std::uint64_t replays = accumulates(K::decl) ? calls : (calls > 0 ? 1 : 0);
    for (std::uint64_t call = 0; call < replays; ++call) K::apply(e);
  }
  return e;
}

// The model of a summing kernel: sum over i < n of K::term, in double, in closed form
// (whole periods times the period's sum plus the partial period). Exact for the
// small-integer inputs.
template <class K, class T>
inline double expected_sum(std::uint64_t n) {
  double one_period = 0;
  double partial = 0;
  for (std::uint64_t r = 0; r < kPatternPeriod; ++r) {
    const auto term = static_cast<double>(K::term(after_calls<K, T>(r, 0)));
    one_period += term;
    if (r < n % kPatternPeriod) partial += term;
  }
  return static_cast<double>(n / kPatternPeriod) * one_period + partial;
}

}  // namespace ridgeline::kernels
