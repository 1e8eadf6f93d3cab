#include "fleet/device_binding.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace ridgeline::fleet {
namespace {

const BackendDevices* find_backend(const std::vector<BackendDevices>& available,
                                   std::string_view name) {
  for (const auto& b : available)
    if (b.backend == name) return &b;
  return nullptr;
}

std::string node_of(const Placement& p) {
  return p.node_name.empty() ? std::string("its node") : "node " + p.node_name;
}

}  // namespace

std::string visible_devices_variable(std::string_view backend, const Environment& env) {
  const std::vector<std::string> names =
      backend == "cuda"  ? std::vector<std::string>{"CUDA_VISIBLE_DEVICES"}
      : backend == "hip" ? std::vector<std::string>{"HIP_VISIBLE_DEVICES", "ROCR_VISIBLE_DEVICES"}
                         : std::vector<std::string>{};
  for (const auto& name : names)
    if (env(name)) return name;
  return {};
}

DeviceBinding bind_device(std::string_view request, const Placement& placement,
                          const std::vector<BackendDevices>& available, const Environment& env) {
  if (placement.world_size <= 1 || request.find(':') != std::string_view::npos)
    return {std::string(request),
            placement.world_size <= 1 ? "" : fmt::format("as requested (--device {})", request)};
  const BackendDevices* backend = nullptr;
  if (request == "auto") {
    for (const auto& b : available)
      if (b.count > 0) {
        backend = &b;
        break;
      }
    if (!backend) throw std::invalid_argument("no device found by any backend");
  } else {
    backend = find_backend(available, request);
    if (!backend || backend->count == 0)
      throw std::invalid_argument(
          fmt::format("--device {}: no {} device on {}", request, request, node_of(placement)));
  }
  const std::string& name = backend->backend;
  const int local = placement.local_rank;
  const std::string ranks_here =
      placement.local_size ? fmt::format("{} ranks", *placement.local_size) : "several ranks";
  if (name == "cpu")
    return {"cpu:0", placement.local_size && *placement.local_size > 1
                         ? fmt::format("the node's CPU, shared by its {}", ranks_here)
                         : "the node's CPU"};
  const std::string visible = visible_devices_variable(name, env);
  const auto count = static_cast<int>(backend->count);
  if (count == 1) {
    if (!visible.empty())
      return {name + ":0",
              fmt::format("{}={} (set by the launcher) -> {}:0", visible, *env(visible), name)};
    if (placement.local_size && *placement.local_size > 1)
      throw std::invalid_argument(fmt::format(
          "{} on {} but {} has 1 device: give each rank its own (srun --gpus-per-task=1) or "
          "launch one rank per node",
          ranks_here, placement.node_name, name));
    return {name + ":0", fmt::format("the node's only {} device", name)};
  }
  if (placement.local_size && *placement.local_size > count)
    throw std::invalid_argument(
        fmt::format("{} on {} but {} has {} devices: launch at most {} ranks per node", ranks_here,
                    node_of(placement), name, count, count));
  if (local >= count)
    throw std::invalid_argument(
        fmt::format("local rank {} on {} but {} has {} devices: launch at most {} ranks per node",
                    local, node_of(placement), name, count, count));
  return {fmt::format("{}:{}", name, local),
          fmt::format("local rank {} -> {}:{}{}", local, name, local,
                      visible.empty() ? "" : fmt::format(" (of {}={})", visible, *env(visible)))};
}

}  // namespace ridgeline::fleet
