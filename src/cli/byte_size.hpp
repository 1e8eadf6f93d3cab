// Parses a size argument: "1073741824", "512M", "1GiB", "2GB" (K/M/G/T are binary).
#pragma once

#include <cstdint>
#include <string_view>

namespace ridgeline::cli {

// Throws UsageError naming the option when the text is not a positive size.
std::uint64_t parse_byte_size(std::string_view text, std::string_view option);

}  // namespace ridgeline::cli
