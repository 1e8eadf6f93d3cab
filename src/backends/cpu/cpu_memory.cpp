#include "backends/cpu/cpu_memory.hpp"

#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <limits>
#include <string>

#include "backends/backend.hpp"
#include "backends/cpu/cpu_topology.hpp"

namespace ridgeline::cpu {

std::uint64_t array_bytes(std::uint64_t n, std::uint64_t element_bytes, std::string_view what) {
  if (element_bytes != 0 && n > std::numeric_limits<std::uint64_t>::max() / element_bytes)
    throw SkipCase("cannot allocate " + std::to_string(n) + " elements of " +
                   std::to_string(element_bytes) + " bytes for " + std::string(what) +
                   ": size overflows");
  return n * element_bytes;
}

void require_available_memory(std::uint64_t bytes, std::string_view what) {
  const std::uint64_t available = available_memory_bytes();
  if (available != 0 && bytes > available)
    throw SkipCase("cannot allocate " + std::to_string(bytes) + " bytes for " + std::string(what) +
                   ": only " + std::to_string(available) + " bytes available (MemAvailable)");
}

std::unique_ptr<void, FreeDeleter> allocate_huge_aligned(std::uint64_t bytes,
                                                         std::string_view what) {
  // aligned_alloc wants a multiple of the alignment; whole huge pages also keep the
  // tail of one array from sharing a huge page with the next allocation.
  const std::uint64_t rounded =
      bytes == 0 ? kHugePageBytes : (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
  if (rounded < bytes || rounded > std::numeric_limits<std::size_t>::max())
    throw SkipCase("cannot allocate " + std::to_string(bytes) + " bytes for " + std::string(what) +
                   ": size overflows");
  errno = 0;
  void* p = std::aligned_alloc(kHugePageBytes, static_cast<std::size_t>(rounded));
  if (p == nullptr)
    throw SkipCase("cannot allocate " + std::to_string(bytes) + " bytes for " + std::string(what) +
                   ": " + std::strerror(errno != 0 ? errno : ENOMEM));
  // Best effort: without THP (or with it disabled) the kernels still run correctly.
  (void)::madvise(p, static_cast<std::size_t>(rounded), MADV_HUGEPAGE);
  return std::unique_ptr<void, FreeDeleter>(p);
}

}  // namespace ridgeline::cpu
