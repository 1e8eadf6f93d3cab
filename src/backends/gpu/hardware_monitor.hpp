// Hardware state (clocks, power, temperature, throttling) read through the vendor's
// management library, which is loaded at run time: a binary built here runs on a host
// without it and says so. The CUDA build opens one with open_nvml_monitor
// (backends/cuda/), the HIP build with ROCm SMI (backends/hip/).
#pragma once

#include <map>
#include <memory>
#include <string>

namespace ridgeline::gpu {

using HardwareState = std::map<std::string, std::string>;

class HardwareMonitor {
 public:
  virtual ~HardwareMonitor() = default;
  // Current state under stable keys: sm_clock_mhz, memory_clock_mhz, power_w,
  // temperature_c, throttle_reasons, ... A value the device does not report is absent.
  virtual HardwareState sample() const = 0;
  // Fixed facts worth recording once per device (ECC mode, PCIe link, power limit).
  virtual HardwareState static_facts() const = 0;
};

// Every key of `state` with `suffix` appended: "power_w" -> "power_w_before".
HardwareState with_suffix(const HardwareState& state, const std::string& suffix);

}  // namespace ridgeline::gpu
