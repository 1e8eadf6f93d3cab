#include "backends/gpu/hardware_monitor.hpp"

namespace ridgeline::gpu {

HardwareState with_suffix(const HardwareState& state, const std::string& suffix) {
  HardwareState out;
  for (const auto& [key, value] : state) out.emplace(key + suffix, value);
  return out;
}

}  // namespace ridgeline::gpu
