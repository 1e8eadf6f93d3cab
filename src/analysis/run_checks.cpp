#include "analysis/run_checks.hpp"

#include <algorithm>
#include <map>
#include <numeric>

#include "analysis/ceilings.hpp"
#include "core/dtype.hpp"
#include "core/statistics.hpp"

namespace ridgeline {
namespace {

// Keeps the benchmarks and values of a finding in descending order of value.
void rank(RunFinding& f) {
  std::vector<std::size_t> order(f.benchmarks.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return f.values[a] > f.values[b]; });
  RunFinding sorted = f;
  for (std::size_t i = 0; i < order.size(); ++i) {
    sorted.benchmarks[i] = f.benchmarks[order[i]];
    sorted.values[i] = f.values[order[i]];
  }
  f = std::move(sorted);
}

void above_peak(const ResultFile& run, std::vector<RunFinding>& out) {
  const Ceilings ceilings = find_ceilings(run);
  std::map<std::string, RunFinding> by_dtype;
  for (const auto& r : run.benchmarks) {
    if (r.family != Family::intensity || !r.dtype || !has_measured_rate(r)) continue;
    const std::string dtype(datasheet_dtype(*r.dtype));
    const auto peak = std::find_if(ceilings.compute.begin(), ceilings.compute.end(),
                                   [&](const Ceiling& c) { return c.dtype == dtype; });
    if (peak == ceilings.compute.end() || peak->unit != r.unit) continue;
    if (r.median_rate() <= peak->value * (1 + kAbovePeakTolerance)) continue;
    RunFinding& f = by_dtype[dtype];
    f.kind = WarningKind::above_peak;
    f.benchmarks.push_back(r.name);
    f.values.push_back(r.median_rate());
    f.unit = r.unit;
    f.reference = peak->benchmark;
    f.reference_value = peak->value;
    f.limit = kAbovePeakTolerance;
  }
  for (auto& [dtype, f] : by_dtype) {
    rank(f);
    out.push_back(std::move(f));
  }
}

void fits_in_cache(const ResultFile& run, std::vector<RunFinding>& out) {
  const std::uint64_t cache = run.device.last_level_cache_bytes();
  if (cache == 0) return;
  RunFinding f;
  f.kind = WarningKind::fits_in_cache;
  f.reference_value = static_cast<double>(cache);
  for (const auto& r : run.benchmarks) {
    if (r.family != Family::memory && r.family != Family::intensity) continue;
    if (r.status != BenchStatus::ok || r.array_bytes == 0 || is_cache_sweep_point(r)) continue;
    const KernelDecl* k = find_kernel(r.kernel);
    if (k == nullptr) continue;
    const double working_set = static_cast<double>(r.array_bytes) * k->arrays.arrays();
    if (working_set > static_cast<double>(cache)) continue;
    f.benchmarks.push_back(r.name);
    f.values.push_back(working_set);
  }
  if (f.benchmarks.empty()) return;
  rank(f);
  out.push_back(std::move(f));
}

void noisy(const ResultFile& run, std::vector<RunFinding>& out) {
  RunFinding f;
  f.kind = WarningKind::noisy;
  f.limit = kNoiseLimit;
  for (const auto& r : run.benchmarks) {
    if (!has_measured_rate(r)) continue;
    std::vector<double> rates;  // as compare measures noise: the spread of the rates
    for (double s : r.sample_seconds) rates.push_back(r.rate(s));
    const auto noise = relative_iqr(rates);
    if (!noise || *noise <= kNoiseLimit) continue;
    f.benchmarks.push_back(r.name);
    f.values.push_back(*noise);
  }
  if (f.benchmarks.empty()) return;
  rank(f);
  out.push_back(std::move(f));
}

void busy_host(const ResultFile& run, std::vector<RunFinding>& out) {
  RunFinding f;
  f.kind = WarningKind::busy_host;
  f.limit = kBusyShare;
  f.load_avg = run.run.host_at_start.load_avg;
  f.cpus = run.host.cpus;
  bool measured = false;
  for (const auto& r : run.benchmarks) {
    if (!r.host_busy_share) continue;
    measured = true;
    if (*r.host_busy_share <= kBusyShare) continue;
    f.benchmarks.push_back(r.name);
    f.values.push_back(*r.host_busy_share);
  }
  // Without per-benchmark accounting, the load average before the first benchmark says
  // whether others were running: at least half the CPUs' worth of runnable work.
  const bool loaded_at_start =
      !measured && !f.load_avg.empty() && f.cpus > 0 && f.load_avg[0] >= 0.5 * f.cpus;
  if (f.benchmarks.empty() && !loaded_at_start) return;
  rank(f);
  out.push_back(std::move(f));
}

void frequency_scaling(const ResultFile& run, std::vector<RunFinding>& out) {
  const std::string& governor = run.run.host_at_start.cpu_governor;
  if (governor.empty() || governor == "performance") return;
  RunFinding f;
  f.kind = WarningKind::frequency_scaling;
  f.governor = governor;
  out.push_back(std::move(f));
}

}  // namespace

std::vector<RunFinding> check_run(const ResultFile& run) {
  std::vector<RunFinding> out;
  if (run.kind != FileKind::run) return out;
  above_peak(run, out);
  fits_in_cache(run, out);
  noisy(run, out);
  // The host's load and clock policy disturb what the CPU measures on these very cores;
  // a GPU's timings are taken on the device.
  if (run.device.backend == "cpu") {
    busy_host(run, out);
    frequency_scaling(run, out);
  }
  return out;
}

}  // namespace ridgeline
