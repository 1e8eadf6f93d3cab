#include "core/transfer.hpp"

#include <string_view>

#include "core/enum_names.hpp"
#include "kernels/transfer.hpp"

namespace ridgeline {
namespace {
constexpr auto kHostMemories = enum_names(std::pair{HostMemory::pinned, "pinned"},
                                          std::pair{HostMemory::pageable, "pageable"});
constexpr auto kCopyEngines =
    enum_names(std::pair{CopyEngine::copy_engine, "ce"}, std::pair{CopyEngine::sm_kernel, "sm"});
}  // namespace

std::string_view to_string(HostMemory m) { return kHostMemories.name(m); }
std::string_view to_string(CopyEngine e) { return kCopyEngines.name(e); }
std::optional<HostMemory> parse_host_memory(std::string_view text) {
  return kHostMemories.parse(text);
}
std::optional<CopyEngine> parse_copy_engine(std::string_view text) {
  return kCopyEngines.parse(text);
}

std::vector<TransferParams> transfer_variants(const kernels::KernelDecl& kernel) {
  if (kernel.family != kernels::Family::transfer) return {};
  std::vector<TransferParams> out{{HostMemory::pinned, CopyEngine::copy_engine},
                                  {HostMemory::pinned, CopyEngine::sm_kernel}};
  if (std::string_view(kernel.name) != kernels::Bidirectional::decl.name)
    out.push_back({HostMemory::pageable, CopyEngine::copy_engine});
  return out;
}

}  // namespace ridgeline
