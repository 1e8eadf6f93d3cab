#include "analysis/launch_shape_summary.hpp"

#include <algorithm>
#include <utility>

#include "analysis/ceilings.hpp"

namespace ridgeline {
namespace {

bool in_shape_sweep(const BenchmarkRecord& r) {
  return text_param(r.params, param_keys::kSweep) == param_keys::kLaunchShapeSweep;
}

}  // namespace

std::vector<LaunchShapeRow> launch_shape_summary(const ResultFile& run) {
  std::vector<LaunchShapeRow> rows;
  const auto row_of = [&](const BenchmarkRecord& r) -> LaunchShapeRow& {
    const std::string dtype = r.dtype ? std::string(to_string(*r.dtype)) : "";
    for (auto& row : rows)
      if (row.kernel == r.kernel && row.dtype == dtype) return row;
    LaunchShapeRow row;
    row.kernel = r.kernel;
    row.dtype = dtype;
    return rows.emplace_back(std::move(row));
  };
  // Kernels with at least one measured variant; then every measured shape of them.
  for (const BenchmarkRecord& r : run.benchmarks)
    if (r.family == Family::memory && in_shape_sweep(r) && has_measured_rate(r)) row_of(r);
  for (const BenchmarkRecord& r : run.benchmarks) {
    if (r.family != Family::memory || is_cache_sweep_point(r) || !has_measured_rate(r)) continue;
    const std::string dtype = r.dtype ? std::string(to_string(*r.dtype)) : "";
    const auto it = std::find_if(rows.begin(), rows.end(), [&](const LaunchShapeRow& row) {
      return row.kernel == r.kernel && row.dtype == dtype;
    });
    if (it == rows.end()) continue;
    const double rate = r.median_rate();
    ++it->shapes;
    if (!in_shape_sweep(r)) it->default_gbps = rate;
    if (rate > it->best_gbps) {
      it->best_gbps = rate;
      it->best_benchmark = r.name;
      it->access_bytes = number_param(r.params, param_keys::kAccessBytes);
      it->unroll = number_param(r.params, param_keys::kUnroll);
      it->blocks_per_sm = number_param(r.params, param_keys::kBlocksPerSm);
      it->threads_per_block = number_param(r.params, param_keys::kThreadsPerBlock);
    }
  }
  return rows;
}

}  // namespace ridgeline
