// Kernels over a working set that fits a cache (or not): the bandwidth and the latency of
// each level of the memory hierarchy, planned over working sets from 16 KiB to 4x the
// last-level cache. Both repeat inside one call, so a small working set measures its
// cache and not the launch or the loop around it.
//
// The working set W is what every compute unit (GPU block, CPU thread) reads: each reads
// all of W once per pass, starting at its own rotation (unit u of U at u x W / U), so the
// units are spread evenly over W and every access is reused only after the whole device
// has read W bytes. W <= a cache's size is served by that cache; W above every cache
// misses in all of them, and the declared loads are what DRAM delivers.
#pragma once

#include <cstdint>

#include "declaration.hpp"
#include "portability.hpp"
#include "stream.hpp"

namespace ridgeline::kernels {

// Read bandwidth per working set: sum += a[i] over all of W, `passes` times per call (the
// backend picks passes so a call is long against launch and loop overheads). Each unit
// keeps kernels/stream.hpp's exact-chunk rule, so its total is exactly passes x the sum
// of init_a over W: a unit, pass or element skipped changes it.
struct CacheRead {
  static constexpr KernelDecl decl{"cache_read",
                                   Family::memory,
                                   mask_of(DType::fp32),
                                   {Role::read, Role::none, Role::none},
                                   1,
                                   "sum += a[i], every unit over all of a, repeated",
                                   true,
                                   true};
  template <class T>
  RL_INLINE static T term(const Element<T>& e) {
    return Read::term(e);
  }
};

// Load-to-use latency per working set: one thread follows i = a[i] through a random
// cycle over W, one dependent load at a time, so each load waits for the one before; the
// time per load is the latency of the level that holds W. One 32-bit index per
// kChaseSlotBytes: a slot is a cache line or more (GPU L1 lines are 128 bytes, and a CPU's
// adjacent-line prefetch fetches 128-byte pairs), so no two hops share a line and no
// prefetch serves the next. The thread also counts its arrivals at index 0, so its final
// index and visit count together say exactly how many loads it made.
struct PointerChase {
  static constexpr KernelDecl decl{"chase",
                                   Family::latency,
                                   mask_of(DType::int32),
                                   {Role::read, Role::none, Role::none},
                                   0,
                                   "i = a[i], a random cycle over the working set",
                                   false,
                                   true};
};

inline constexpr std::uint64_t kChaseSlotBytes = 128;
inline constexpr std::uint64_t kChaseSlotWords = kChaseSlotBytes / sizeof(std::uint32_t);
// What the words of a slot other than its first hold: never read by a correct chase.
inline constexpr std::uint32_t kChaseUnusedWord = 0xffffffffU;

// Where a chase stands: the word index it will load next, and how many times it has
// arrived at index 0 so far.
struct ChaseState {
  std::uint32_t index = 0;
  std::uint64_t visits = 0;
  bool operator==(const ChaseState&) const = default;
};

// `steps` dependent loads from `state` over `words`: the chase as every backend runs it.
RL_INLINE ChaseState chase(const std::uint32_t* words, ChaseState state, std::uint64_t steps) {
  std::uint32_t i = state.index;
  std::uint32_t arrivals = 0;  // at most steps per call, far below 2^32
  for (std::uint64_t s = 0; s < steps; ++s) {
    i = words[i];
    arrivals += i == 0 ? 1U : 0U;
  }
  return {i, state.visits + arrivals};
}

using WorkingSetKernels = KernelList<CacheRead, PointerChase>;

}  // namespace ridgeline::kernels
