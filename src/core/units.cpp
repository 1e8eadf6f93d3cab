#include "core/units.hpp"

#include "core/enum_names.hpp"

namespace ridgeline {
namespace {
constexpr auto kRateUnits = enum_names(
    std::pair{RateUnit::gigabytes, "GB/s"}, std::pair{RateUnit::gigaflops, "GFLOP/s"},
    std::pair{RateUnit::gigaops, "GOP/s"}, std::pair{RateUnit::nanoseconds_per_load, "ns/load"});
}  // namespace

std::string_view to_string(RateUnit u) { return kRateUnits.name(u); }
std::optional<RateUnit> parse_rate_unit(std::string_view text) { return kRateUnits.parse(text); }

}  // namespace ridgeline
