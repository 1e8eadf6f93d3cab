// Prints every backend's machine-code claims (backends/backend.hpp MachineCodeClaim) as
// JSON, for scripts/audit_machine_code.py: the declarations the audit holds the
// disassembly to come from the code that launches the kernels, not a copy of it.
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "backends/backend.hpp"
#include "backends/cpu/cpu_backend.hpp"
#include "backends/gpu/gpu_backend.hpp"
#include "core/catalogue.hpp"
#include "core/dtype.hpp"

int main() {
  using nlohmann::ordered_json;
  // The backends as the static libraries the audit reads hold them (not the plugins).
  std::vector<std::unique_ptr<ridgeline::Backend>> backends;
#ifdef RIDGELINE_HAVE_CUDA_BACKEND
  backends.push_back(ridgeline::make_cuda_backend());
#endif
#ifdef RIDGELINE_HAVE_HIP_BACKEND
  backends.push_back(ridgeline::make_hip_backend());
#endif
  backends.push_back(std::make_unique<ridgeline::cpu::CpuBackend>());
  ordered_json out = ordered_json::array();
  for (const auto& backend : backends) {
    for (const auto& claim : backend->machine_code_claims()) {
      ordered_json c;
      c["backend"] = std::string(backend->name());
      c["kernel"] = claim.kernel;
      // The catalogue's family (compute, matrix, memory): which instructions carry the work.
      const ridgeline::KernelDecl* decl = ridgeline::find_kernel(claim.kernel);
      c["family"] = decl ? std::string(ridgeline::to_string(decl->family)) : std::string();
      c["dtype"] = std::string(ridgeline::to_string(claim.dtype));
      c["symbol"] = claim.symbol;
      c["architectures"] = claim.architectures;
      c["multiply_adds_per_iteration"] = claim.multiply_adds_per_iteration;
      c["min_issue_efficiency"] = claim.min_issue_efficiency;
      c["access_bytes"] = claim.access_bytes;
      out.push_back(std::move(c));
    }
  }
  std::puts(out.dump(1).c_str());
  return 0;
}
