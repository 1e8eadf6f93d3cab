// Readings of a device's management interface (NVML, ROCm SMI, the CPU's sysfs): one
// sample, and the trace a sustained run keeps of them over time.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace ridgeline {

// One reading; a value the device does not report is absent.
struct HardwareSample {
  std::optional<double> core_clock_mhz;  // SM (NVIDIA), system (AMD) or mean CPU core clock
  std::optional<double> memory_clock_mhz;
  std::optional<double> power_w;
  std::optional<double> temperature_c;
  std::vector<std::string> throttle_reasons;  // empty: none (or not reported)
  bool operator==(const HardwareSample&) const = default;
};

struct TracePoint {
  double seconds = 0;  // since the run started
  HardwareSample sample;
  bool operator==(const TracePoint&) const = default;
};

// What `run --duration` records beside the samples: the device's state every
// interval_seconds for the whole run.
struct HardwareTrace {
  std::string source;  // "nvml", "rocm_smi", "sysfs"
  double interval_seconds = 0;
  std::vector<TracePoint> points;
  bool operator==(const HardwareTrace&) const = default;
};

}  // namespace ridgeline
