#include "physical_limit_guard.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ridgeline {

std::optional<double> physical_rate_limit(const BenchmarkRecord& record,
                                          const PhysicalLimits& limits) {
  double fastest_call_seconds = 0;
  if (limits.operations_per_second && *limits.operations_per_second > 0 &&
      record.flops_per_call > 0)
    fastest_call_seconds = record.flops_per_call / *limits.operations_per_second;
  if (limits.bytes_per_second && *limits.bytes_per_second > 0 && record.bytes_per_call > 0)
    fastest_call_seconds =
        std::max(fastest_call_seconds, record.bytes_per_call / *limits.bytes_per_second);
  if (limits.loads_per_second && *limits.loads_per_second > 0 &&
      record.unit == RateUnit::nanoseconds_per_load && record.elements > 0)
    fastest_call_seconds = std::max(
        fastest_call_seconds, static_cast<double>(record.elements) / *limits.loads_per_second);
  const double rate = record.rate(fastest_call_seconds);
  if (!(rate > 0)) return std::nullopt;
  return rate;
}

std::optional<std::string> physical_limit_violation(const BenchmarkRecord& record, double limit,
                                                    const std::string& basis) {
  if (record.sample_seconds.empty() || !record.unit) return std::nullopt;
  const double fastest =
      *std::min_element(record.sample_seconds.begin(), record.sample_seconds.end());
  const double rate = record.rate(fastest);
  // A latency beats physics by being too small, a rate by being too large.
  const bool lower = lower_is_better(*record.unit);
  if (lower ? !(rate < limit) : !(rate > limit)) return std::nullopt;
  return fmt::format("{} the physical limit ({:.4g} {}{}): a sample ran at {:.4g} {}",
                     lower ? "is below" : "exceeds", limit, to_string(*record.unit),
                     basis.empty() ? "" : ", " + basis, rate, to_string(*record.unit));
}

}  // namespace ridgeline
