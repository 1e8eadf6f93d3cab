#include "backends/gpu/amd_infinity_cache.hpp"

#include <array>

namespace ridgeline::gpu {
namespace {

constexpr std::uint64_t kMiB = std::uint64_t{1} << 20;

struct ArchCache {
  std::string_view arch;
  std::uint64_t bytes;
};

// MI300X/MI300A/MI325X (gfx942; gfx940/941 are its pre-production and APU targets):
// 256 MB AMD Infinity Cache per AMD's MI300X datasheet and CDNA 3 whitepaper (128
// slices of 2 MiB). MI350X/MI355X (gfx950): 256 MB per AMD's MI355X datasheet.
// MI100/MI200 (gfx908, gfx90a) have no Infinity Cache.
constexpr std::array<ArchCache, 6> kCaches{{
    {"gfx908", 0},
    {"gfx90a", 0},
    {"gfx940", 256 * kMiB},
    {"gfx941", 256 * kMiB},
    {"gfx942", 256 * kMiB},
    {"gfx950", 256 * kMiB},
}};

}  // namespace

std::optional<std::uint64_t> infinity_cache_bytes(std::string_view arch) {
  const std::string_view base = arch.substr(0, arch.find(':'));
  for (const ArchCache& entry : kCaches)
    if (entry.arch == base) return entry.bytes;
  return std::nullopt;
}

}  // namespace ridgeline::gpu
