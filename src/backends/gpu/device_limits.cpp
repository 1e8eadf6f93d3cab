#include "backends/gpu/device_limits.hpp"

#include <fmt/format.h>

namespace ridgeline::gpu {

std::optional<MemoryBus> memory_bus_limit(std::string_view arch, int bus_width_bits,
                                          double memory_clock_mhz) {
  if (bus_width_bits <= 0 || !(memory_clock_mhz > 0)) return std::nullopt;
  const int transfers = arch.starts_with("gfx") ? 4 : 2;
  return MemoryBus{bus_width_bits / 8.0 * memory_clock_mhz * 1e6 * transfers,
                   fmt::format("{}-bit bus x {:g} MHz x {} transfers", bus_width_bits,
                               memory_clock_mhz, transfers)};
}

PhysicalLimits case_limits(const LimitFacts& device, std::optional<double> peak_per_mhz,
                           std::uint64_t footprint_bytes) {
  PhysicalLimits limits;
  std::string basis;
  const auto add = [&](const std::string& part) { basis += (basis.empty() ? "" : "; ") + part; };
  if (peak_per_mhz && *peak_per_mhz > 0 && device.highest_clock_mhz > 0) {
    limits.operations_per_second = *peak_per_mhz * device.highest_clock_mhz * 1e9;
    add(fmt::format("peak table at the {:g} MHz highest clock", device.highest_clock_mhz));
  }
  if (footprint_bytes > 0) {
    if (footprint_bytes < 2 * device.cache_bytes) {
      add("working set within 2x the caches: no DRAM limit");
    } else if (const auto bus = memory_bus_limit(device.arch, device.memory_bus_width_bits,
                                                 device.memory_clock_mhz)) {
      limits.bytes_per_second = bus->bytes_per_second;
      add(bus->basis);
    } else {
      add("memory bus not reported: no DRAM limit");
    }
  }
  limits.basis = std::move(basis);
  return limits;
}

PhysicalLimits cache_read_limits(const LimitFacts& device, int sms,
                                 std::uint64_t working_set_bytes) {
  PhysicalLimits limits = case_limits(device, std::nullopt, working_set_bytes);
  if (sms > 0 && device.highest_clock_mhz > 0) {
    const double l1 = kL1BytesPerClock * sms * device.highest_clock_mhz * 1e6;
    if (!limits.bytes_per_second || l1 < *limits.bytes_per_second) limits.bytes_per_second = l1;
    limits.basis = fmt::format("{}; L1 at most {:g} bytes per clock x {} SMs x {:g} MHz",
                               limits.basis, kL1BytesPerClock, sms, device.highest_clock_mhz);
  }
  return limits;
}

PhysicalLimits chase_limits(const LimitFacts& device) {
  PhysicalLimits limits;
  if (device.highest_clock_mhz > 0) {
    limits.loads_per_second = device.highest_clock_mhz * 1e6;
    limits.basis = fmt::format("one dependent load per clock at the {:g} MHz highest clock",
                               device.highest_clock_mhz);
  }
  return limits;
}

PhysicalLimits host_link_limits(int directions) {
  PhysicalLimits limits;
  limits.bytes_per_second = kFastestHostLinkBytesPerSecond * directions;
  limits.basis = fmt::format("the fastest host link, NVLink-C2C at {:g} GB/s per direction, x {}",
                             kFastestHostLinkBytesPerSecond / 1e9, directions);
  return limits;
}

}  // namespace ridgeline::gpu
