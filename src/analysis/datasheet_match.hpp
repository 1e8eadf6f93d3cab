// Which committed datasheet describes a measured device, from the name its runtime
// reports ("NVIDIA H100 80GB HBM3" -> nvidia-h100-sxm5), so a run can say how far it is
// from the vendor's stated peaks. No match (a CPU, an unknown board) is std::nullopt:
// the table then shows no datasheet column rather than a guess.
#pragma once

#include <optional>
#include <string>

#include "core/device.hpp"

namespace ridgeline {

std::optional<std::string> datasheet_id_for(const DeviceInfo& device);

}  // namespace ridgeline
