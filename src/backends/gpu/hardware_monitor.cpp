#include "backends/gpu/hardware_monitor.hpp"

#include <algorithm>
#include <set>

#include "core/statistics.hpp"

namespace ridgeline::gpu {
namespace {

std::optional<Spread> spread_of(const std::vector<HardwareSample>& samples,
                                std::optional<double> HardwareSample::*field) {
  std::vector<double> values;
  for (const auto& s : samples)
    if (s.*field) values.push_back(*(s.*field));
  if (values.empty()) return std::nullopt;
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  return Spread{*lo, median(values), *hi};
}

}  // namespace

RunConditions summarize(const std::vector<HardwareSample>& samples, const std::string& source) {
  RunConditions c;
  c.source = source;
  c.samples = samples.size();
  c.core_clock_mhz = spread_of(samples, &HardwareSample::core_clock_mhz);
  c.memory_clock_mhz = spread_of(samples, &HardwareSample::memory_clock_mhz);
  c.power_w = spread_of(samples, &HardwareSample::power_w);
  c.temperature_c = spread_of(samples, &HardwareSample::temperature_c);
  std::set<std::string> reasons;
  for (const auto& s : samples)
    reasons.insert(s.throttle_reasons.begin(), s.throttle_reasons.end());
  c.throttle_reasons.assign(reasons.begin(), reasons.end());
  return c;
}

}  // namespace ridgeline::gpu
