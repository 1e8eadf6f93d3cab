// Sizes and rate units. Rates are always 10^9 units per second: GB/s = 1e9 bytes per
// second, GFLOP/s = 1e9 floating-point operations (a multiply-add counts as two).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ridgeline {

inline constexpr std::uint64_t kKiB = std::uint64_t{1} << 10;
inline constexpr std::uint64_t kMiB = std::uint64_t{1} << 20;
inline constexpr std::uint64_t kGiB = std::uint64_t{1} << 30;

// What a rate counts: bytes moved (memory kernels), floating-point operations, or
// integer operations.
enum class RateUnit : std::uint8_t { gigabytes, gigaflops, gigaops };

std::string_view to_string(RateUnit u);  // "GB/s", "GFLOP/s", "GOP/s"
std::optional<RateUnit> parse_rate_unit(std::string_view text);
// Whether the rate counts bytes (bandwidth) rather than operations.
constexpr bool counts_bytes(RateUnit u) { return u == RateUnit::gigabytes; }

}  // namespace ridgeline
