// The committed datasheet of a measured device's chip (the "% datasheet" columns of run,
// the floors of fleet); none when the name matches no chip or the datasheets are not
// installed.
#pragma once

#include <optional>

#include "core/device.hpp"
#include "results/result_model.hpp"

namespace ridgeline::cli {

std::optional<ResultFile> matched_datasheet(const DeviceInfo& device);

}  // namespace ridgeline::cli
