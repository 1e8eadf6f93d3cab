// SCAFFOLD (replaced by the cuBLASLt work).
#include "backends/gpu/gpu_cases.hpp"

namespace ridgeline::cuda {
bool gemm_available(const DeviceContext&, DType) { return false; }
std::unique_ptr<PreparedCase> make_gemm_case(const DeviceContext&, const CaseSpec&) {
  throw SkipCase("gemm: not implemented yet");
}
}  // namespace ridgeline::cuda
