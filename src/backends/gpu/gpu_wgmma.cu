// SCAFFOLD (replaced by the wgmma work): wgmma cases are not implemented yet.
#if !defined(__HIPCC__)
#include "backends/gpu/gpu_cases.hpp"

namespace ridgeline::RL_GPU_NS {
std::unique_ptr<PreparedCase> make_wgmma_case(const DeviceContext&, const CaseSpec&) {
  throw SkipCase("wgmma: not implemented yet");
}
}  // namespace ridgeline::RL_GPU_NS
#endif
