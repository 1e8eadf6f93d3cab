// The working-set view of a run: per working set the read bandwidth (cache_read) beside
// the load latency (chase), and the smallest cache the device reports that holds it, so
// where each level ends reads off one table. Only passed benchmarks count.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "results/result_model.hpp"

namespace ridgeline {

struct WorkingSetRow {
  std::uint64_t bytes = 0;
  // The smallest reported data or unified cache one instance of which holds the working
  // set (every unit reads all of it); absent when none does (DRAM).
  std::optional<CacheLevel> level;
  std::optional<double> bandwidth_gbps;  // best cache_read median, GB/s
  std::optional<double> latency_ns;      // best chase median, ns per load
};

// Rows in increasing working set; empty when the run has no measured working-set point.
std::vector<WorkingSetRow> working_set_summary(const ResultFile& run);

// That cache for `bytes` on `device`.
std::optional<CacheLevel> cache_level_holding(const DeviceInfo& device, std::uint64_t bytes);

}  // namespace ridgeline
