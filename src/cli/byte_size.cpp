#include "cli/byte_size.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <string>

#include "cli/exit_codes.hpp"

namespace ridgeline::cli {

std::uint64_t parse_byte_size(std::string_view text, std::string_view option) {
  auto bad = [&](std::string_view why) {
    return UsageError(fmt::format("{} '{}': {}", option, text, why));
  };
  if (!text.empty() && text.front() == '-') throw bad("must be a positive number of bytes");
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range) throw bad("too large");
  if (ec != std::errc() || end == text.data())
    throw bad("not a size (e.g. 1073741824, 512M, 1GiB)");
  std::string suffix(end, text.data() + text.size());
  for (auto& ch : suffix) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  int shift = 0;
  if (suffix.empty() || suffix == "B")
    shift = 0;
  else if (suffix == "K" || suffix == "KB" || suffix == "KIB")
    shift = 10;
  else if (suffix == "M" || suffix == "MB" || suffix == "MIB")
    shift = 20;
  else if (suffix == "G" || suffix == "GB" || suffix == "GIB")
    shift = 30;
  else if (suffix == "T" || suffix == "TB" || suffix == "TIB")
    shift = 40;
  else
    throw bad("unknown unit (use B, K, M, G or T)");
  if (value == 0) throw bad("must be greater than zero");
  if (value > (UINT64_MAX >> shift)) throw bad("too large");
  return value << shift;
}

}  // namespace ridgeline::cli
