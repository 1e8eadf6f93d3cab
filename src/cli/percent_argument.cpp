#include "cli/percent_argument.hpp"

#include <fmt/format.h>

#include <charconv>

#include "cli/exit_codes.hpp"

namespace ridgeline::cli {

double parse_percent(std::string_view text, std::string_view option) {
  std::string_view digits = text;
  if (!digits.empty() && digits.back() == '%') digits.remove_suffix(1);
  double percent = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), percent);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() ||
      !(percent > 0 && percent < 100))
    throw UsageError(fmt::format(
        "{} '{}': expected a percentage above 0 and below 100, e.g. 5 or 5%", option, text));
  return percent / 100;
}

}  // namespace ridgeline::cli
