#include "cli/plan_checks.hpp"

#include <fmt/format.h>

#include <regex>

#include "cli/exit_codes.hpp"
#include "report/number_format.hpp"

namespace ridgeline::cli {

std::vector<PlannedCase> filtered(std::vector<PlannedCase> plan, const std::string& pattern) {
  std::regex re;
  try {
    re = std::regex(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    throw UsageError(
        fmt::format("--filter '{}': not a valid regular expression ({})", pattern, e.what()));
  }
  std::erase_if(plan, [&](const PlannedCase& c) { return !std::regex_search(c.name, re); });
  return plan;
}

void check_fits(const std::string& size_text, std::uint64_t array_bytes, const DeviceInfo& device) {
  constexpr int kMostArrays = 3;  // triad and add hold three arrays at once
  if (device.memory_bytes && array_bytes > device.memory_bytes / kMostArrays)
    throw UsageError(
        fmt::format("--size '{}': {} arrays of that size need {}, but {} has {}", size_text,
                    kMostArrays, format_si(static_cast<double>(array_bytes) * kMostArrays, "B"),
                    device.id, format_si(static_cast<double>(device.memory_bytes), "B")));
}

void check_whole_elements(const std::string& size_text, std::uint64_t array_bytes,
                          const std::vector<PlannedCase>& plan) {
  for (const PlannedCase& c : plan) {
    const Family family = c.spec.kernel->family;
    // The working-set sweeps take their own sizes; copies and arrays take --size.
    if (c.spec.kernel->working_set_sweep ||
        (family != Family::memory && family != Family::intensity && family != Family::transfer))
      continue;
    const std::uint64_t element = size_of(c.spec.dtype);
    const auto dtype = to_string(c.spec.dtype);
    if (array_bytes < element)
      throw UsageError(
          fmt::format("--size '{}': less than one {}-byte {} element ({} uses {} arrays)",
                      size_text, element, dtype, c.name, dtype));
    if (array_bytes % element != 0)
      throw UsageError(
          fmt::format("--size '{}': {} is not a whole number of {}-byte {} elements ({} uses {} "
                      "arrays); use {} or {}",
                      size_text, counted(array_bytes, "byte"), element, dtype, c.name, dtype,
                      array_bytes / element * element, (array_bytes / element + 1) * element));
  }
}

}  // namespace ridgeline::cli
