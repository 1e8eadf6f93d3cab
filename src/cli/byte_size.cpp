#include "cli/byte_size.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <string>

#include "cli/exact_decimal.hpp"
#include "cli/exit_codes.hpp"

namespace ridgeline::cli {
namespace {

struct Unit {
  std::string_view name;  // lower case
  std::uint64_t bytes;
};

constexpr std::array<Unit, 18> kUnits{{
    {"", 1},
    {"b", 1},
    {"k", 1'000},
    {"kb", 1'000},
    {"m", 1'000'000},
    {"mb", 1'000'000},
    {"g", 1'000'000'000},
    {"gb", 1'000'000'000},
    {"t", 1'000'000'000'000},
    {"tb", 1'000'000'000'000},
    {"ki", 1ull << 10},
    {"kib", 1ull << 10},
    {"mi", 1ull << 20},
    {"mib", 1ull << 20},
    {"gi", 1ull << 30},
    {"gib", 1ull << 30},
    {"ti", 1ull << 40},
    {"tib", 1ull << 40},
}};

std::string lower_unit(std::string_view rest) {
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  std::string unit(rest);
  for (auto& ch : unit) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return unit;
}

}  // namespace

std::uint64_t parse_byte_size(std::string_view text, std::string_view option) {
  auto bad = [&](std::string_view why) {
    return UsageError(fmt::format("{} '{}': {}", option, text, why));
  };
  if (!text.empty() && text.front() == '-') throw bad("must be a positive number of bytes");
  const auto number = read_leading_decimal(text);
  if (!number) throw bad("not a size (e.g. 1073741824, 1.5G, 512MiB)");
  const std::string unit = lower_unit(number->rest);
  const Unit* found = nullptr;
  for (const Unit& u : kUnits)
    if (u.name == unit) found = &u;
  if (!found)
    throw bad(fmt::format(
        "unknown unit '{}' (use B, kB, MB, GB, TB for 1e3 ... 1e12 bytes or KiB, MiB, GiB, "
        "TiB for 2^10 ... 2^40)",
        number->rest));
  const Scaled bytes = scale(number->number, found->bytes);
  if (bytes.outcome == Scaled::Outcome::too_large) throw bad("too large");
  if (bytes.outcome == Scaled::Outcome::fractional)
    throw bad(fmt::format("not a whole number of bytes ({:.10g} bytes)", bytes.approximate));
  if (bytes.value == 0) throw bad("must be greater than zero");
  return bytes.value;
}

}  // namespace ridgeline::cli
