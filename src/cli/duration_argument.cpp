#include "cli/duration_argument.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "cli/exit_codes.hpp"

namespace ridgeline::cli {
namespace {
constexpr double kWeekSeconds = 7 * 24 * 3600.0;
}

double parse_duration(std::string_view text, std::string_view option) {
  const auto bad = [&] {
    return UsageError(fmt::format(
        "{} '{}': expected a duration above 0 and at most a week, such as 90s, 10m or 1.5h", option,
        text));
  };
  std::string_view number = text;
  double unit = 1;
  if (!number.empty()) {
    switch (number.back()) {
      case 's':
        number.remove_suffix(1);
        break;
      case 'm':
        unit = 60;
        number.remove_suffix(1);
        break;
      case 'h':
        unit = 3600;
        number.remove_suffix(1);
        break;
      default:
        break;
    }
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (number.empty() || ec != std::errc() || end != number.data() + number.size()) throw bad();
  const double seconds = value * unit;
  if (!(seconds > 0) || !std::isfinite(seconds) || seconds > kWeekSeconds) throw bad();
  return seconds;
}

}  // namespace ridgeline::cli
