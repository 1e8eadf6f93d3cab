#include "core/binary_location.hpp"

#include <system_error>

namespace ridgeline {

std::optional<std::filesystem::path> binary_directory() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return std::nullopt;
  return exe.parent_path();
}

}  // namespace ridgeline
