// Parses a size argument exactly as written: "1073741824", "1.5G", "512MiB", "2 GB".
// Decimal units are SI, as every rate ridgeline prints (GB/s = 1e9 bytes/s): k, M, G, T
// with or without B are 1e3, 1e6, 1e9, 1e12 bytes. Binary units say so: Ki, Mi, Gi, Ti
// with or without B are 2^10 ... 2^40. Case does not matter; no unit means bytes.
#pragma once

#include <cstdint>
#include <string_view>

namespace ridgeline::cli {

// Throws UsageError naming the option when the text is not a positive whole number of
// bytes ("0.1KiB" is 102.4 bytes and is refused).
std::uint64_t parse_byte_size(std::string_view text, std::string_view option);

}  // namespace ridgeline::cli
