#include "core/device.hpp"

#include <algorithm>
#include <cctype>

namespace ridgeline {

std::uint64_t DeviceInfo::last_level_cache_bytes() const {
  int top = 0;
  for (const auto& c : caches)
    if (c.type != "instruction") top = std::max(top, c.level);
  std::uint64_t total = 0;
  for (const auto& c : caches)
    if (c.level == top && c.type != "instruction")
      total += c.size_bytes * static_cast<std::uint64_t>(std::max(c.instances, 1));
  return total;
}

std::string DeviceInfo::slug() const {
  std::string out = backend;
  bool dash = true;
  out += '-';
  for (char ch : name) {
    const auto u = static_cast<unsigned char>(ch);
    if (std::isalnum(u)) {
      out += static_cast<char>(std::tolower(u));
      dash = false;
    } else if (!dash) {
      out += '-';
      dash = true;
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  // Trademark noise such as "(r)" and "(tm)" adds nothing to a file name.
  for (const std::string noise : {"-r-", "-tm-"}) {
    for (auto pos = out.find(noise); pos != std::string::npos; pos = out.find(noise))
      out.erase(pos, noise.size() - 1);
  }
  return out;
}

}  // namespace ridgeline
