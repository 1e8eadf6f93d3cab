// The physical ceilings of a GPU from the facts its runtime reports, for the harness's
// physical-limit guard (backend.hpp PhysicalLimits). Host code, so tests can give it
// made-up devices.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "backends/backend.hpp"

namespace ridgeline::gpu {

struct MemoryBus {
  double bytes_per_second = 0;
  std::string basis;  // "6144-bit bus x 3201 MHz x 2 transfers"
};

// The most DRAM traffic the memory bus can carry: width / 8 x reported memory clock x
// transfers per clock. NVIDIA's runtime reports the clock that, double-pumped, gives the
// datasheet bandwidth (H100 SXM: 5120 bits x 2619 MHz x 2 = 3.35 TB/s). ROCm reports the
// HBM3 clock of MI300-class parts at a quarter of the pin rate (MI300X: 8192 bits x
// 1300 MHz x 4 = 5.3 TB/s), so AMD is counted at 4 transfers per clock: a bound that is
// exact there and loose (about 2x) on HBM2e parts, never below the real bus. Absent
// when the width or the clock is not reported.
std::optional<MemoryBus> memory_bus_limit(std::string_view arch, int bus_width_bits,
                                          double memory_clock_mhz);

struct LimitFacts {
  std::string_view arch;          // "sm_90", "gfx942:sramecc+:xnack-"
  double highest_clock_mhz = 0;   // the highest core clock the device reports
  int memory_bus_width_bits = 0;  // 0: not reported
  double memory_clock_mhz = 0;    // 0: not reported
  std::uint64_t cache_bytes = 0;  // every cache in front of DRAM
};

// A case's limits: its peak per MHz (G-units per second at 1 MHz, from the peak tables)
// at the highest clock, and the memory bus when one call touches at least twice the
// caches (`footprint_bytes`; 0 for cases that stream nothing), so no cache can serve it.
PhysicalLimits case_limits(const LimitFacts& device, std::optional<double> peak_per_mhz,
                           std::uint64_t footprint_bytes);

// cache_read: no cache level delivers more than kL1BytesPerClock per SM (CU) per clock,
// the L1 width of the widest part (NVIDIA's SMs since Volta; AMD's CDNA CUs deliver 64),
// so the whole device reads at most sms x 128 bytes x the highest clock, whatever level
// holds the working set; beyond every cache the memory bus bounds it too (case_limits).
inline constexpr double kL1BytesPerClock = 128;
PhysicalLimits cache_read_limits(const LimitFacts& device, int sms,
                                 std::uint64_t working_set_bytes);

// chase: one thread completes at most one dependent load per core clock, so a load takes
// at least 1 / highest clock.
PhysicalLimits chase_limits(const LimitFacts& device);

// Host <-> device copies: no host link carries more than kFastestHostLinkBytesPerSecond in
// one direction (NVLink-C2C on Grace Hopper/Blackwell: 450 GB/s each way; PCIe 6.0 x16
// carries 128 GB/s, PCIe 5.0 x16 64 GB/s), so a copy of `directions` directions is bounded
// by that many times it. A bound for every part, not this link's: the runtime does not
// report the link's generation and width.
inline constexpr double kFastestHostLinkBytesPerSecond = 450e9;
PhysicalLimits host_link_limits(int directions);

}  // namespace ridgeline::gpu
