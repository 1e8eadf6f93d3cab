// What a device's monitor saw while a benchmark's timed repetitions ran: the clock the
// rate was achieved at, and why it was not higher. Filled by the harness from the
// backend's monitor, stored in the result file beside the samples.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ridgeline {

// Lowest, middle and highest value of a quantity sampled while a benchmark ran.
struct Spread {
  double min = 0;
  double median = 0;
  double max = 0;
  bool operator==(const Spread&) const = default;
};

struct RunConditions {
  std::string source;  // "nvml", "rocm_smi", "clock probe"
  std::uint64_t samples = 0;
  std::optional<Spread> core_clock_mhz;  // SM, CU or CPU core clock
  std::optional<Spread> memory_clock_mhz;
  std::optional<Spread> power_w;
  std::optional<Spread> temperature_c;
  std::vector<std::string> throttle_reasons;  // every reason seen, sorted; empty: none
  bool operator==(const RunConditions&) const = default;
};

}  // namespace ridgeline
