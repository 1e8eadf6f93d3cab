#include "report/si_rate.hpp"

#include <array>
#include <cmath>

#include "report/text_table.hpp"

namespace ridgeline {

std::string format_si(double value, std::string_view unit) {
  static constexpr std::array<std::string_view, 7> kPrefixes{"", "k", "M", "G", "T", "P", "E"};
  if (!std::isfinite(value)) return "-";
  std::size_t prefix = 0;
  while (std::fabs(value) >= 1000 && prefix + 1 < kPrefixes.size()) {
    value /= 1000;
    ++prefix;
  }
  return format_rate(value) + " " + std::string(kPrefixes[prefix]) + std::string(unit);
}

}  // namespace ridgeline
