#include "report/number_format.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <limits>
#include <string>

namespace ridgeline {
namespace {

// The value as three significant digits would show it, so the choice of prefix or unit
// is made on what is printed: 999.7 is "1.00 k", not "1000".
double shown(double value) {
  if (value == 0 || !std::isfinite(value)) return value;
  return std::stod(fmt::format("{:.3g}", value));
}

}  // namespace

std::string format_rate(double value) {
  if (!std::isfinite(value)) return "-";
  if (std::fabs(value) >= 999999.5) return fmt::format("{:.3g}", value);
  const double a = std::fabs(shown(value));
  if (a >= 100) return fmt::format("{:.0f}", value);
  if (a >= 10) return fmt::format("{:.1f}", value);
  if (a >= 1) return fmt::format("{:.2f}", value);
  return fmt::format("{:.3g}", value);
}

std::string format_si(double value, std::string_view unit) {
  static constexpr std::array<std::string_view, 11> kPrefixes{"",  "k", "M", "G", "T", "P",
                                                              "E", "Z", "Y", "R", "Q"};
  if (!std::isfinite(value)) return "-";
  std::size_t prefix = 0;
  while (std::fabs(shown(value)) >= 1000 && prefix + 1 < kPrefixes.size()) {
    value /= 1000;
    ++prefix;
  }
  if (std::fabs(shown(value)) >= 1000)  // beyond Q: 1e33 and up
    return fmt::format("{:.2e} {}{}", value, kPrefixes[prefix], unit);
  return format_rate(value) + " " + std::string(kPrefixes[prefix]) + std::string(unit);
}

std::string format_bytes(double bytes) {
  static constexpr std::array<std::string_view, 7> kUnits{"B",   "KiB", "MiB", "GiB",
                                                          "TiB", "PiB", "EiB"};
  if (!std::isfinite(bytes)) return "-";
  std::size_t unit = 0;
  while (std::fabs(bytes) >= 1024 && unit + 1 < kUnits.size()) {
    bytes /= 1024;
    ++unit;
  }
  if (unit == 0) return fmt::format("{:.0f} B", bytes);
  // 1023.9 KiB would print as "1.02e+03": keep three significant digits without exponent.
  return format_rate(bytes) + " " + std::string(kUnits[unit]);
}

std::string format_duration(double seconds) {
  struct Unit {
    std::string_view name;
    double seconds;
    double limit;  // the next unit takes over at this many
  };
  static constexpr std::array<Unit, 6> kUnits{
      {{"ns", 1e-9, 1000},
       {"us", 1e-6, 1000},
       {"ms", 1e-3, 1000},
       {"s", 1, 60},
       {"min", 60, 60},
       {"h", 3600, std::numeric_limits<double>::infinity()}}};
  if (!std::isfinite(seconds) || seconds < 0) return "-";
  if (seconds == 0) return "0 s";
  for (const Unit& u : kUnits)
    if (shown(seconds / u.seconds) < u.limit)
      return format_rate(seconds / u.seconds) + " " + std::string(u.name);
  return format_rate(seconds / kUnits.back().seconds) + " h";
}

std::string format_count(double n) {
  struct Suffix {
    std::string_view name;
    double value;
  };
  static constexpr std::array<Suffix, 4> kSuffixes{
      {{"T", 1e12}, {"B", 1e9}, {"M", 1e6}, {"k", 1e3}}};
  if (!std::isfinite(n)) return "-";
  if (std::fabs(shown(n)) >= 1e15) return fmt::format("{:.3g}", n);
  for (const Suffix& s : kSuffixes)
    if (std::fabs(shown(n)) >= s.value) return fmt::format("{:.3g}{}", n / s.value, s.name);
  if (n == std::round(n)) return fmt::format("{:.0f}", n);
  return fmt::format("{:.3g}", n);
}

std::string noun_for(bool one, std::string_view singular, std::string_view plural) {
  if (one) return std::string(singular);
  if (plural.empty()) return std::string(singular) + "s";
  return std::string(plural);
}

std::string counted(double n, std::string_view singular, std::string_view plural) {
  return fmt::format("{:g} {}", n, noun_for(n == 1, singular, plural));
}

}  // namespace ridgeline
