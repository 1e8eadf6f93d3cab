// What `run` checks of a plan before anything is measured: --filter as a regular
// expression, --size against the device's memory and the dtypes that will run.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/device.hpp"
#include "suite_plan.hpp"

namespace ridgeline::cli {

// The cases whose name the ECMAScript regex finds; UsageError when it does not compile.
std::vector<PlannedCase> filtered(std::vector<PlannedCase> plan, const std::string& pattern);

// --size: three arrays of it must fit the device's memory (UsageError otherwise).
void check_fits(const std::string& size_text, std::uint64_t array_bytes, const DeviceInfo& device);

// --size is bytes per array: it must hold whole elements of every dtype that will run,
// or the planner would round it (7 bytes of fp64 would become one 8-byte element).
void check_whole_elements(const std::string& size_text, std::uint64_t array_bytes,
                          const std::vector<PlannedCase>& plan);

}  // namespace ridgeline::cli
