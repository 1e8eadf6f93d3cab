#include "analysis/ceilings.hpp"

#include <algorithm>

#include "core/dtype.hpp"

namespace ridgeline {
namespace {

// Keeps the best value per (kernel or "", dtype) key.
void keep_best(std::vector<Ceiling>& list, Ceiling c, bool per_kernel) {
  auto same = [&](const Ceiling& x) {
    return x.dtype == c.dtype && (!per_kernel || x.kernel == c.kernel);
  };
  const auto it = std::find_if(list.begin(), list.end(), same);
  if (it == list.end())
    list.push_back(std::move(c));
  else if (c.value > it->value)
    *it = std::move(c);
}

// A run's compute ceilings are named as a datasheet names its peaks (both fp8 formats
// are "fp8"), so runs and chips line up.
Ceiling compute_ceiling_of(const BenchmarkRecord& r) {
  Ceiling c = ceiling_of(r);
  if (r.dtype) c.dtype = datasheet_dtype(*r.dtype);
  return c;
}

// A datasheet states its ceilings: TB/s and TFLOPS become GB/s and GFLOP/s (GOP/s for
// integer dtypes), so a chip and a measured run read alike.
Ceilings datasheet_ceilings(const Datasheet& d) {
  Ceilings out;
  if (d.memory_bandwidth_tbps) {
    out.best_bandwidth = Ceiling{"datasheet", "", "datasheet:memory_bandwidth",
                                 *d.memory_bandwidth_tbps * 1000, RateUnit::gigabytes};
    out.bandwidth.push_back(*out.best_bandwidth);
  }
  for (const auto dtype : kDatasheetDtypes) {  // widest first, as a run lists them
    const auto it = d.peak_tflops.find(std::string(dtype));
    if (it == d.peak_tflops.end()) continue;
    const auto t = parse_dtype(dtype);
    const bool integer = t ? is_integer(*t) : false;
    out.compute.push_back(Ceiling{"datasheet", it->first, "datasheet:peak_tflops." + it->first,
                                  it->second * 1000,
                                  integer ? RateUnit::gigaops : RateUnit::gigaflops});
  }
  return out;
}

void add_ridges(Ceilings& out) {
  if (!out.best_bandwidth) return;
  for (const auto& c : out.compute) {
    if (counts_bytes(c.unit)) continue;
    auto& list = c.unit == RateUnit::gigaflops ? out.ridges : out.integer_ridges;
    list.push_back(
        RidgePoint{c.dtype, c.value / out.best_bandwidth->value, c, *out.best_bandwidth});
  }
}

}  // namespace

void recompute_ridges(Ceilings& c) {
  c.ridges.clear();
  c.integer_ridges.clear();
  add_ridges(c);
}

Ceiling ceiling_of(const BenchmarkRecord& r) {
  return Ceiling{r.kernel, r.dtype ? std::string(to_string(*r.dtype)) : "", r.name, r.median_rate(),
                 r.unit.value_or(RateUnit::gigaflops)};
}

void keep_best(std::optional<Ceiling>& best, Ceiling c) {
  if (!best || c.value > best->value) best = std::move(c);
}

bool is_cache_sweep_point(const BenchmarkRecord& r) {
  return text_param(r.params, param_keys::kSweep) == param_keys::kWorkingSetSweep;
}

bool has_measured_rate(const BenchmarkRecord& r) {
  return r.status == BenchStatus::ok && !r.sample_seconds.empty() && r.median_rate() > 0;
}

const RidgePoint* find_ridge(const Ceilings& c, std::string_view dtype) {
  for (const auto* list : {&c.ridges, &c.integer_ridges})
    for (const auto& r : *list)
      if (r.dtype == dtype) return &r;
  return nullptr;
}

Ceilings find_ceilings(const ResultFile& run) {
  if (run.kind == FileKind::datasheet && run.datasheet) {
    Ceilings out = datasheet_ceilings(*run.datasheet);
    add_ridges(out);
    return out;
  }
  Ceilings out;
  for (const auto& r : run.benchmarks) {
    if (!has_measured_rate(r)) continue;
    if (r.family == Family::memory && !is_cache_sweep_point(r)) {
      keep_best(out.bandwidth, ceiling_of(r), true);
      keep_best(out.best_bandwidth, ceiling_of(r));
    } else if (r.family == Family::compute || r.family == Family::matrix) {
      // A dtype's ceiling is the faster of its vector and matrix units.
      keep_best(out.compute, compute_ceiling_of(r), false);
    }
  }
  add_ridges(out);
  return out;
}

}  // namespace ridgeline
