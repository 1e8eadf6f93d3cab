// The name of one device's result file in a fleet run's --out-dir: rank, node and device
// in the name (as in the file), so a directory of a thousand ranks sorts by rank and any
// file says where it came from: "r0003-gpu07-cuda1.json"; threads of --device cuda:all:
// "gpu07-cuda1.json".
#pragma once

#include <string>

#include "core/device.hpp"
#include "core/placement.hpp"

namespace ridgeline::cli {

std::string fleet_file_name(const Placement& placement, const DeviceInfo& device);

}  // namespace ridgeline::cli
