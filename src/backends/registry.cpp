#include <cstdlib>

#include "backends/backend.hpp"
#include "backends/cpu/cpu_backend.hpp"
#include "backends/fault/fault_injecting_backend.hpp"
#include "backends/gpu/gpu_backend.hpp"
#include "core/launcher_environment.hpp"

namespace ridgeline {

std::vector<std::unique_ptr<Backend>> make_backends() {
  std::vector<std::unique_ptr<Backend>> backends;
  // GPU backends first, so `--device auto` prefers a GPU when one is present.
#ifdef RIDGELINE_HAVE_CUDA_BACKEND
  backends.push_back(make_cuda_backend());
#endif
#ifdef RIDGELINE_HAVE_HIP_BACKEND
  backends.push_back(make_hip_backend());
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
