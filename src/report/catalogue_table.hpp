// Tables for `ridgeline list` (the kernel catalogue) and `ridgeline devices`.
#pragma once

#include <string>
#include <vector>

#include "core/device.hpp"

namespace ridgeline {

std::string format_catalogue();
std::string format_devices(const std::vector<DeviceInfo>& devices);

}  // namespace ridgeline
