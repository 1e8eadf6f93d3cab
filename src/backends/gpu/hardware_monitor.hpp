// Hardware state (clocks, power, temperature, throttling) read through the vendor's
// management library, which is loaded at run time: a binary built here runs on a host
// without it and says so. The CUDA build opens one with open_nvml_monitor
// (backends/cuda/), the HIP build with ROCm SMI (backends/hip/).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/hardware_trace.hpp"
#include "core/params.hpp"
#include "core/run_conditions.hpp"

namespace ridgeline::gpu {

using ridgeline::HardwareSample;

class HardwareMonitor {
 public:
  virtual ~HardwareMonitor() = default;
  // "nvml", "rocm_smi": what RunConditions::source says.
  virtual std::string source() const = 0;
  virtual HardwareSample sample() const = 0;
  // Fixed facts worth recording once per device (ECC mode, PCIe link, power limit).
  virtual Params static_facts() const = 0;
};

// The min / median / max of every quantity over `samples`, and every throttle reason seen.
RunConditions summarize(const std::vector<HardwareSample>& samples, const std::string& source);

}  // namespace ridgeline::gpu
