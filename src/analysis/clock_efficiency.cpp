#include "analysis/clock_efficiency.hpp"

#include "analysis/ceilings.hpp"

namespace ridgeline {

std::optional<double> observed_clock_mhz(const BenchmarkRecord& r) {
  if (!r.conditions || !r.conditions->core_clock_mhz) return std::nullopt;
  const double median = r.conditions->core_clock_mhz->median;
  return median > 0 ? std::optional<double>(median) : std::nullopt;
}

std::optional<double> percent_of_peak_at_clock(const BenchmarkRecord& r) {
  const auto clock = observed_clock_mhz(r);
  if (!r.peak_per_mhz || !(*r.peak_per_mhz > 0) || !clock || !has_measured_rate(r))
    return std::nullopt;
  return r.median_rate() / (*r.peak_per_mhz * *clock) * 100;
}

}  // namespace ridgeline
