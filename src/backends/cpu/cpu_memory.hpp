// Kernel arrays: 2 MiB aligned and sized so the kernel's pages can be transparent huge
// pages (fewer TLB misses while streaming), placed by a parallel first touch.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "backends/cpu/cpu_parallel.hpp"
#include "kernels/portability.hpp"

namespace ridgeline::cpu {

inline constexpr std::uint64_t kHugePageBytes = std::uint64_t{2} << 20;

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};

// Untouched 2 MiB aligned memory with MADV_HUGEPAGE requested (best effort). Throws
// SkipCase when the request overflows, exceeds MemAvailable or cannot be allocated.
std::unique_ptr<void, FreeDeleter> allocate_huge_aligned(std::uint64_t bytes,
                                                         std::string_view what);

// Throws SkipCase when `bytes` in total would not fit in MemAvailable, so an oversized
// case is skipped before the first touch could summon the OOM killer.
void require_available_memory(std::uint64_t bytes, std::string_view what);

// n * element_bytes, or SkipCase when that overflows 64 bits.
std::uint64_t array_bytes(std::uint64_t n, std::uint64_t element_bytes, std::string_view what);

template <class T>
class Array {
 public:
  Array() = default;
  Array(std::uint64_t n, std::string_view what)
      : n_(n), storage_(allocate_huge_aligned(array_bytes(n, sizeof(T), what), what)) {}

  T* data() const { return static_cast<T*>(storage_.get()); }
  std::uint64_t size() const { return n_; }

  // Initialises with the kernels' static schedule, so pages land near their users.
  template <class Init>
  void first_touch(Init&& init) {
    T* RL_RESTRICT x = data();
    parallel_for_static(n_, [&](std::uint64_t i) { x[i] = init(i); });
  }

 private:
  std::uint64_t n_ = 0;
  std::unique_ptr<void, FreeDeleter> storage_;
};

}  // namespace ridgeline::cpu
