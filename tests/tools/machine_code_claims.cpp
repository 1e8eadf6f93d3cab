// Prints every backend's machine-code claims (backends/backend.hpp MachineCodeClaim) as
// JSON, for scripts/audit_machine_code.py: the declarations the audit holds the
// disassembly to come from the code that launches the kernels, not a copy of it.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "backends/backend.hpp"
#include "core/catalogue.hpp"
#include "core/dtype.hpp"

int main() {
  using nlohmann::ordered_json;
  ordered_json out = ordered_json::array();
  for (const auto& backend : ridgeline::make_backends()) {
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
