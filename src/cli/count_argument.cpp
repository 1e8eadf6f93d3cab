#include "cli/count_argument.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>

#include "cli/exact_decimal.hpp"
#include "cli/exit_codes.hpp"

namespace ridgeline::cli {
namespace {

struct Suffix {
  char name;  // lower case
  std::uint64_t value;
};

constexpr std::array<Suffix, 5> kSuffixes{{{'k', 1'000},
                                           {'m', 1'000'000},
                                           {'b', 1'000'000'000},
                                           {'g', 1'000'000'000},
                                           {'t', 1'000'000'000'000}}};

// The largest suffix that writes `n` exactly: 100000000000000 -> "100T"; else digits.
std::string exact_with_suffix(std::uint64_t n) {
  static constexpr std::array<std::pair<std::uint64_t, char>, 4> kLargestFirst{
      {{1'000'000'000'000, 'T'}, {1'000'000'000, 'B'}, {1'000'000, 'M'}, {1'000, 'k'}}};
  for (const auto& [value, name] : kLargestFirst)
    if (n >= value && n % value == 0) return fmt::format("{}{}", n / value, name);
  return fmt::format("{}", n);
}

}  // namespace

std::string describe(CountRange range) {
  return fmt::format("{} to {}", exact_with_suffix(range.least), exact_with_suffix(range.most));
}

std::uint64_t parse_count(std::string_view text, std::string_view option, CountRange range) {
  auto bad = [&](std::string_view why) {
    return UsageError(fmt::format("{} '{}': {}", option, text, why));
  };
  const std::string expected =
      fmt::format("expected a whole number from {}; suffixes k, M, B or G, T", describe(range));
  const auto number = read_leading_decimal(text);
  if (!number || (!text.empty() && text.front() == '-'))
    throw bad(fmt::format("not a count ({})", expected));
  std::uint64_t multiplier = 1;
  if (number->rest.size() == 1) {
    const char name = static_cast<char>(std::tolower(static_cast<unsigned char>(number->rest[0])));
    multiplier = 0;
    for (const Suffix& s : kSuffixes)
      if (s.name == name) multiplier = s.value;
  }
  if (number->rest.size() > 1 || multiplier == 0)
    throw bad(fmt::format("unknown suffix '{}' ({})", number->rest, expected));
  const Scaled count = scale(number->number, multiplier);
  if (count.outcome == Scaled::Outcome::fractional)
    throw bad(fmt::format("not a whole number ({})", expected));
  if (count.outcome == Scaled::Outcome::too_large || count.value < range.least ||
      count.value > range.most)
    throw bad(fmt::format("out of range ({})", expected));
  return count.value;
}

}  // namespace ridgeline::cli
