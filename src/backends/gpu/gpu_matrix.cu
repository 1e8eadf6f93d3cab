// SCAFFOLD (replaced by the matrix-kernel work): mma cases are not implemented yet.
#include "backends/gpu/gpu_cases.hpp"

namespace ridgeline::RL_GPU_NS {
std::unique_ptr<PreparedCase> make_mma_case(const DeviceContext&, const CaseSpec&) {
  throw SkipCase("mma: not implemented yet");
}
}  // namespace ridgeline::RL_GPU_NS
