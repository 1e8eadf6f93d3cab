#include "analysis/sustained_drift.hpp"

#include <algorithm>
#include <set>
#include <vector>

#include "analysis/ceilings.hpp"
#include "core/statistics.hpp"

namespace ridgeline {
namespace {
constexpr double kMinuteSeconds = 60;
constexpr double kWindowsPerShortRun = 4;
}  // namespace

double drift_window_seconds(double run_seconds) {
  return std::min(kMinuteSeconds, run_seconds / kWindowsPerShortRun);
}

std::optional<Drift> drift_of(const BenchmarkRecord& r, double window_seconds) {
  if (!has_measured_rate(r) || r.sample_end_seconds.size() != r.sample_seconds.size() ||
      r.sample_seconds.empty() || !(window_seconds > 0))
    return std::nullopt;
  const auto [first, last] =
      std::minmax_element(r.sample_end_seconds.begin(), r.sample_end_seconds.end());
  if (*last - *first < 2 * window_seconds) return std::nullopt;
  std::vector<double> early;
  std::vector<double> late;
  for (std::size_t i = 0; i < r.sample_seconds.size(); ++i) {
    const double end = r.sample_end_seconds[i];
    if (end <= *first + window_seconds) early.push_back(r.rate(r.sample_seconds[i]));
    if (end >= *last - window_seconds) late.push_back(r.rate(r.sample_seconds[i]));
  }
  Drift d;
  d.window_seconds = window_seconds;
  d.first_rate = median(early);
  d.last_rate = median(late);
  d.first_samples = early.size();
  d.last_samples = late.size();
  if (!(d.first_rate > 0)) return std::nullopt;
  return d;
}

double run_seconds(const ResultFile& f) {
  if (f.run.duration_seconds) return *f.run.duration_seconds;
  double last = 0;
  for (const auto& r : f.benchmarks)
    for (double end : r.sample_end_seconds) last = std::max(last, end);
  return last;
}

int ThrottleEvents::total() const {
  int n = 0;
  for (const auto& [reason, count] : by_reason) n += count;
  return n;
}

ThrottleEvents throttle_events(const HardwareTrace& trace) {
  ThrottleEvents events;
  std::set<std::string> before;
  for (const TracePoint& p : trace.points) {
    std::set<std::string> now(p.sample.throttle_reasons.begin(), p.sample.throttle_reasons.end());
    for (const auto& reason : now)
      if (!before.contains(reason)) ++events.by_reason[reason];
    before = std::move(now);
  }
  return events;
}

}  // namespace ridgeline
