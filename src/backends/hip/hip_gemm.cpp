// The vendor GEMM of the HIP backend. hipBLASLt and rocBLAS are not in Debian's ROCm
// 5.2, the toolchain CI builds with, so this build has none: the gemm kernel is not
// offered on HIP devices, and asked for directly it skips with the reason.
#include "backends/gpu/gpu_cases.hpp"

namespace ridgeline::hip {

bool gemm_available(const DeviceContext&, DType) { return false; }

std::vector<std::string> gemm_library_notes() {
  return {"no vendor GEMM: hipBLASLt/rocBLAS were not found at configure time (gemm not run)"};
}

std::unique_ptr<PreparedCase> make_gemm_case(const DeviceContext&, const CaseSpec&) {
  throw SkipCase("no vendor GEMM for HIP: hipBLASLt/rocBLAS were not found at configure time");
}

}  // namespace ridgeline::hip
