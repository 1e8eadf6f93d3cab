// Which device a rank of a fleet run measures. Under srun or mpirun every rank of a node
// runs the same command line (`--device auto` or `--device cuda`), so each binds its own
// GPU from its local rank, or takes the one GPU its launcher left visible to it (Slurm's
// --gpus-per-task sets CUDA_VISIBLE_DEVICES per task). A pure function of the placement,
// the device counts and the environment, so it is unit-tested with faked launchers.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/launcher_environment.hpp"
#include "core/placement.hpp"

namespace ridgeline::fleet {

struct BackendDevices {
  std::string backend;  // "cuda", "hip", "cpu", in --device auto's order
  std::size_t count = 0;
};

struct DeviceBinding {
  std::string device;  // what select_device takes: "cuda:1", "cpu:0"
  std::string how;     // "local rank 1 -> cuda:1"; empty for a plain run
};

// `request` is --device: auto, a backend name (cpu, cuda, hip) or backend:N. A plain run
// (one rank) keeps it as it is. Throws std::invalid_argument with one line when the
// ranks of a node cannot each have a device of their own.
DeviceBinding bind_device(std::string_view request, const Placement& placement,
                          const std::vector<BackendDevices>& available, const Environment& env);

// The variable that restricts a GPU backend's devices ("CUDA_VISIBLE_DEVICES",
// "HIP_VISIBLE_DEVICES" or "ROCR_VISIBLE_DEVICES", the first set); empty when none is.
std::string visible_devices_variable(std::string_view backend, const Environment& env);

}  // namespace ridgeline::fleet
