#include "cli/exact_decimal.hpp"

#include <cctype>
#include <cmath>
#include <limits>

namespace ridgeline::cli {
namespace {

using Digits = ExactDecimal::Digits;
// 10^24 x a unit of at most 2^40 or 10^12 stays below 10^37, so the arithmetic below
// fits in 128 bits.
constexpr int kMostDigits = 24;

bool is_digit(char ch) { return std::isdigit(static_cast<unsigned char>(ch)) != 0; }

// a x b, or nullopt when it does not fit.
std::optional<Digits> times(Digits a, Digits b) {
  if (a != 0 && b > std::numeric_limits<Digits>::max() / a) return std::nullopt;
  return a * b;
}

}  // namespace

std::optional<LeadingDecimal> read_leading_decimal(std::string_view text) {
  std::size_t at = 0;
  ExactDecimal number;
  int significant = 0;
  bool any_digit = false;
  const auto take_digit = [&](char ch, bool fraction) {
    any_digit = true;
    const int d = ch - '0';
    if (significant == 0 && d == 0) {
      if (fraction) --number.exponent;  // 0.05: leading zeros only move the point
      return true;
    }
    if (++significant > kMostDigits) return false;
    number.digits = number.digits * 10 + static_cast<Digits>(d);
    if (fraction) --number.exponent;
    return true;
  };
  for (; at < text.size() && is_digit(text[at]); ++at)
    if (!take_digit(text[at], false)) return std::nullopt;
  if (at < text.size() && text[at] == '.') {
    const std::size_t point = at++;
    for (; at < text.size() && is_digit(text[at]); ++at)
      if (!take_digit(text[at], true)) return std::nullopt;
    if (at == point + 1 && !any_digit) return std::nullopt;  // "." alone
  }
  if (!any_digit) return std::nullopt;
  // An exponent only when digits follow: "2e" is 2 with the unit "e".
  if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
    std::size_t digits_at = at + 1;
    int sign = 1;
    if (digits_at < text.size() && (text[digits_at] == '+' || text[digits_at] == '-'))
      sign = text[digits_at++] == '-' ? -1 : 1;
    if (digits_at < text.size() && is_digit(text[digits_at])) {
      int exponent = 0;
      for (at = digits_at; at < text.size() && is_digit(text[at]); ++at)
        exponent = std::min(exponent * 10 + (text[at] - '0'), 1000);  // 1e1000 is too large anyway
      number.exponent += sign * exponent;
    }
  }
  return LeadingDecimal{number, text.substr(at)};
}

Scaled scale(const ExactDecimal& number, std::uint64_t multiplier) {
  constexpr Digits kMostWhole = std::numeric_limits<std::uint64_t>::max();
  Scaled out;
  out.approximate = static_cast<double>(number.digits) * static_cast<double>(multiplier) *
                    std::pow(10.0, number.exponent);
  std::optional<Digits> value = times(number.digits, multiplier);
  for (int e = 0; value && e < number.exponent; ++e) value = times(*value, 10);
  if (!value) {
    out.outcome = Scaled::Outcome::too_large;
    return out;
  }
  if (number.exponent < 0 && *value != 0) {
    Digits divisor = 1;
    for (int e = 0; e < -number.exponent && divisor <= *value; ++e) divisor *= 10;
    if (*value % divisor != 0) {
      out.outcome =
          *value / divisor > kMostWhole ? Scaled::Outcome::too_large : Scaled::Outcome::fractional;
      return out;
    }
    *value /= divisor;
  }
  if (*value > kMostWhole) {
    out.outcome = Scaled::Outcome::too_large;
    return out;
  }
  out.value = static_cast<std::uint64_t>(*value);
  return out;
}

}  // namespace ridgeline::cli
