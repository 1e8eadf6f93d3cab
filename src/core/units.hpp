// Sizes and rate units. Rates are always 10^9 units per second: GB/s = 1e9 bytes per
// second, GFLOP/s = 1e9 floating-point operations (a multiply-add counts as two); a
// latency is nanoseconds per dependent load.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ridgeline {

inline constexpr std::uint64_t kKiB = std::uint64_t{1} << 10;
inline constexpr std::uint64_t kMiB = std::uint64_t{1} << 20;
inline constexpr std::uint64_t kGiB = std::uint64_t{1} << 30;

// What a rate counts: bytes moved (memory kernels), floating-point operations, or
// integer operations; or, for latency kernels, the time per dependent load (not a rate:
// lower is better).
enum class RateUnit : std::uint8_t { gigabytes, gigaflops, gigaops, nanoseconds_per_load };

std::string_view to_string(RateUnit u);  // "GB/s", "GFLOP/s", "GOP/s", "ns/load"
std::optional<RateUnit> parse_rate_unit(std::string_view text);
// Whether the rate counts bytes (bandwidth) rather than operations.
constexpr bool counts_bytes(RateUnit u) { return u == RateUnit::gigabytes; }
// Whether a smaller value is the better one (a latency); every other unit is a rate.
constexpr bool lower_is_better(RateUnit u) { return u == RateUnit::nanoseconds_per_load; }

}  // namespace ridgeline
