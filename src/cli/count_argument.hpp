// Parses a count argument (parameters, tokens, layers, matrix dimensions) exactly as
// written, with the suffixes model sizes and context lengths are named by: k = 1e3,
// M = 1e6, B or G = 1e9 (billion), T = 1e12, in either case ("8B", "70b", "4k", "128K",
// "8e9", "1.5M"). A count must be whole and inside the option's range.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ridgeline::cli {

struct CountRange {
  std::uint64_t least = 1;
  std::uint64_t most = 0;
};

// Throws UsageError with one line naming the option, the text and the range, e.g.
// "--params '0.5': not a whole number (expected a whole number from 1 to 100T; suffixes
// k, M, B or G, T)".
std::uint64_t parse_count(std::string_view text, std::string_view option, CountRange range);

// "1 to 100T", "1 to 2147483648": the range as the messages print it.
std::string describe(CountRange range);

}  // namespace ridgeline::cli
