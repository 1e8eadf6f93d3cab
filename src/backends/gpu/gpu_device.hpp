// What the runtime says about the devices present: the DeviceInfo written into result
// files and the DeviceContext the cases run with.
#pragma once

#include <string>
#include <vector>

#include "backends/gpu/gpu_case.hpp"
#include "core/device.hpp"

namespace ridgeline::RL_GPU_NS {

struct FoundDevice {
  DeviceInfo info;
  DeviceContext context;
};

struct DeviceScan {
  std::vector<FoundDevice> devices;
  // Set when there are none: "cudaGetDeviceCount: no CUDA-capable device is detected".
  std::string unavailable_reason;
};

DeviceScan scan_devices();

}  // namespace ridgeline::RL_GPU_NS
