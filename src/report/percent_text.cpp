#include "report/percent_text.hpp"

#include <fmt/format.h>

#include <cmath>

namespace ridgeline {

std::string format_signed_percent(double fraction) {
  const double tenths = std::round(fraction * 1000);  // what one decimal will show
  if (!std::isfinite(fraction)) return "-";
  if (tenths == 0) return "0.0%";
  return fmt::format("{:+.1f}%", tenths / 10);
}

}  // namespace ridgeline
