#include "results/result_model.hpp"

#include <cmath>

#include "core/statistics.hpp"

namespace ridgeline {

std::string_view to_string(BenchStatus s) {
  switch (s) {
    case BenchStatus::ok:
      return "ok";
    case BenchStatus::failed:
      return "failed";
    case BenchStatus::skipped:
      return "skipped";
  }
  return "unknown";
}

std::string_view to_string(RunStatus s) {
  switch (s) {
    case RunStatus::incomplete:
      return "incomplete";
    case RunStatus::complete:
      return "complete";
    case RunStatus::interrupted:
      return "interrupted";
  }
  return "unknown";
}

std::optional<BenchStatus> parse_bench_status(std::string_view s) {
  for (auto v : {BenchStatus::ok, BenchStatus::failed, BenchStatus::skipped})
    if (to_string(v) == s) return v;
  return std::nullopt;
}

std::optional<RunStatus> parse_run_status(std::string_view s) {
  for (auto v : {RunStatus::incomplete, RunStatus::complete, RunStatus::interrupted})
    if (to_string(v) == s) return v;
  return std::nullopt;
}

double BenchmarkRecord::rate(double seconds) const {
  if (!std::isfinite(seconds) || seconds <= 0) return 0;
  const double work = unit == "GB/s" ? bytes_per_call : flops_per_call;
  return work / seconds / 1e9;
}

double BenchmarkRecord::median_seconds() const {
  return sample_seconds.empty() ? 0 : median(sample_seconds);
}

double BenchmarkRecord::median_rate() const { return rate(median_seconds()); }

}  // namespace ridgeline
