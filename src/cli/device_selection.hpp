// Resolves --device (auto | cpu | cpu:N | cuda:N | hip:N) against the compiled backends.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "backends/backend.hpp"

namespace ridgeline::cli {

struct SelectedDevice {
  Backend* backend = nullptr;
  DeviceInfo device;
  std::vector<std::string> notes;  // e.g. why auto fell back to the CPU
};

// "auto" takes the first device of the first backend that has one (GPUs before the
// CPU). Throws UsageError for an unknown or absent device.
SelectedDevice select_device(std::vector<std::unique_ptr<Backend>>& backends,
                             std::string_view request);

}  // namespace ridgeline::cli
