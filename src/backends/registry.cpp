#include <cstdlib>

#include "backends/backend.hpp"
#include "backends/cpu/cpu_backend.hpp"
#include "backends/fault/fault_injecting_backend.hpp"
#include "backends/plugin_loader.hpp"
#include "core/launcher_environment.hpp"

namespace ridgeline {

std::vector<std::unique_ptr<Backend>> make_backends() {
  std::vector<std::unique_ptr<Backend>> backends;
  // GPU backends first, so `--device auto` prefers a GPU when one is present. Each is a
  // plugin where this build made one (RIDGELINE_HAVE_*_BACKEND), loaded when its file
  // and vendor runtime are there.
#ifdef RIDGELINE_HAVE_CUDA_BACKEND
  backends.push_back(load_backend_plugin("cuda"));
#endif
#ifdef RIDGELINE_HAVE_HIP_BACKEND
  backends.push_back(load_backend_plugin("hip"));
#endif
  auto cpu = std::make_unique<cpu::CpuBackend>();
  // Test hook: RIDGELINE_FAULT makes chosen CPU cases fail on purpose (fault_plan.hpp).
  if (const char* faults = std::getenv("RIDGELINE_FAULT"); faults != nullptr && *faults != '\0')
    backends.push_back(std::make_unique<fault::FaultInjectingBackend>(
        std::move(cpu), faults, global_rank_or_zero(process_environment())));
  else
    backends.push_back(std::move(cpu));
  return backends;
}

}  // namespace ridgeline
