// `run --device cuda:all` (hip:all, all): every device of the node measured at once, one
// measuring thread per device started together behind a barrier before every benchmark,
// so the devices heat up and share power as in production; or one after another with
// --sequential, for comparison. One result file per device in --out-dir, the collectives
// between the devices through NCCL/RCCL where the backend has them, then the fleet's
// judgement of the node. A thread per device, not a process: the GPU runtimes keep the
// current device per host thread, and NCCL's communicator of one process is how a node
// runs its GPUs together.
#pragma once

#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "cli/run_request.hpp"

namespace ridgeline::cli {

struct DeviceTarget {
  Backend* backend = nullptr;
  DeviceInfo device;
};

// The devices --device all / <backend>:all names; UsageError when there are none.
std::vector<DeviceTarget> all_device_targets(std::vector<std::unique_ptr<Backend>>& backends,
                                             const std::string& request);

// Measures every target; returns the exit code: the worst of the devices' runs, or, when
// every run passed, the fleet's (fleet_exit.hpp).
int run_all_devices(const std::vector<DeviceTarget>& targets, const RunRequest& request,
                    const std::string& host_name);

}  // namespace ridgeline::cli
