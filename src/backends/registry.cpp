#include "backends/backend.hpp"
#include "backends/cpu/cpu_backend.hpp"

namespace ridgeline {

std::vector<std::unique_ptr<Backend>> make_backends() {
  std::vector<std::unique_ptr<Backend>> backends;
  // GPU backends register here (before the CPU) as they are compiled in.
  backends.push_back(std::make_unique<cpu::CpuBackend>());
  return backends;
}

}  // namespace ridgeline
