#include "cli/fleet_file_name.hpp"

#include <fmt/format.h>

#include <cctype>

namespace ridgeline::cli {
namespace {

// Letters, digits, '.', '_' and '-' only: host names and device ids as file-name parts.
std::string file_part(const std::string& text) {
  std::string out;
  for (char ch : text) {
    const auto u = static_cast<unsigned char>(ch);
    if (std::isalnum(u) || ch == '.' || ch == '_' || ch == '-') out += ch;
  }
  return out.empty() ? "unknown" : out;
}

}  // namespace

std::string fleet_file_name(const Placement& placement, const DeviceInfo& device) {
  const std::string node = file_part(placement.node_name);
  const std::string id = file_part(device.id);
  if (placement.launcher == Launcher::threads) return fmt::format("{}-{}.json", node, id);
  return fmt::format("r{:04}-{}-{}.json", placement.rank, node, id);
}

}  // namespace ridgeline::cli
