#include "analysis/working_set_summary.hpp"

#include <algorithm>
#include <map>

#include "analysis/ceilings.hpp"

namespace ridgeline {

std::optional<CacheLevel> cache_level_holding(const DeviceInfo& device, std::uint64_t bytes) {
  std::optional<CacheLevel> best;
  for (const CacheLevel& c : device.caches) {
    if (c.type == "instruction" || c.size_bytes < bytes) continue;
    if (!best || c.level < best->level) best = c;
  }
  return best;
}

std::vector<WorkingSetRow> working_set_summary(const ResultFile& run) {
  std::map<std::uint64_t, WorkingSetRow> rows;
  const auto keep = [](std::optional<double>& slot, double value, bool lower) {
    if (!slot || (lower ? value < *slot : value > *slot)) slot = value;
  };
  for (const BenchmarkRecord& r : run.benchmarks) {
    if (!is_cache_sweep_point(r) || !has_measured_rate(r) || !r.unit || r.array_bytes == 0)
      continue;
    WorkingSetRow& row = rows[r.array_bytes];
    row.bytes = r.array_bytes;
    if (*r.unit == RateUnit::nanoseconds_per_load)
      keep(row.latency_ns, r.median_rate(), true);
    else if (*r.unit == RateUnit::gigabytes)
      keep(row.bandwidth_gbps, r.median_rate(), false);
  }
  std::vector<WorkingSetRow> out;
  for (auto& [bytes, row] : rows) {
    row.level = cache_level_holding(run.device, bytes);
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace ridgeline
