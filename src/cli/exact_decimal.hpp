// A decimal number read exactly as written ("1.5", "8e9", "0.25"), with no binary
// rounding, so a size or count is exactly what the user typed or is refused.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ridgeline::cli {

// value = digits x 10^exponent, digits holding at most 24 significant decimal digits.
struct ExactDecimal {
  __extension__ using Digits = unsigned __int128;  // GCC and clang; -Wpedantic knows it
  Digits digits = 0;
  int exponent = 0;
};

struct LeadingDecimal {
  ExactDecimal number;
  std::string_view rest;  // what follows the number: the unit or suffix
};

// Reads digits, an optional fraction and an optional exponent (e9, E-3) from the start
// of `text`; nullopt when it does not start with a digit (or '.' and a digit), or has more
// than 24 significant digits. A sign is the caller's business.
std::optional<LeadingDecimal> read_leading_decimal(std::string_view text);

// number x multiplier as a whole number. The multiplier is a unit: at most 2^40 or 10^12.
struct Scaled {
  enum class Outcome { whole, fractional, too_large };
  Outcome outcome = Outcome::whole;
  std::uint64_t value = 0;  // when whole (and at most UINT64_MAX)
  double approximate = 0;   // for messages: "102.4"
};
Scaled scale(const ExactDecimal& number, std::uint64_t multiplier);

}  // namespace ridgeline::cli
