#include "analysis/ceilings.hpp"

#include <algorithm>

#include "core/dtype.hpp"

namespace ridgeline {
namespace {

bool is_cache_sweep_point(const BenchmarkRecord& r) {
  const auto it = r.params.find("sweep");
  return it != r.params.end() && it->second == "working_set";
}

Ceiling ceiling_of(const BenchmarkRecord& r) {
  return Ceiling{r.kernel, r.dtype, r.name, r.median_rate(), r.unit};
}

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

// A datasheet states its ceilings: TB/s and TFLOPS become GB/s and GFLOP/s (GOP/s for
// integer dtypes), so a chip and a measured run read alike.
Ceilings datasheet_ceilings(const Datasheet& d) {
  Ceilings out;
  if (d.memory_bandwidth_tbps) {
    out.best_bandwidth = Ceiling{"datasheet", "", "datasheet:memory_bandwidth",
                                 *d.memory_bandwidth_tbps * 1000, "GB/s"};
    out.bandwidth.push_back(*out.best_bandwidth);
  }
  for (const auto dtype : kDatasheetDtypes) {  // widest first, as a run lists them
    const auto it = d.peak_tflops.find(std::string(dtype));
    if (it == d.peak_tflops.end()) continue;
    const bool integer = dtype.starts_with("int");
    out.compute.push_back(Ceiling{"datasheet", it->first, "datasheet:peak_tflops." + it->first,
                                  it->second * 1000, integer ? "GOP/s" : "GFLOP/s"});
  }
  return out;
}

void add_ridges(Ceilings& out) {
  if (!out.best_bandwidth) return;
  for (const auto& c : out.compute) {
    if (c.unit != "GFLOP/s" && c.unit != "GOP/s") continue;
    auto& list = c.unit == "GFLOP/s" ? out.ridges : out.integer_ridges;
    list.push_back(
        RidgePoint{c.dtype, c.value / out.best_bandwidth->value, c, *out.best_bandwidth});
  }
}

}  // namespace

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
  if (run.kind == "datasheet" && run.datasheet) {
    Ceilings out = datasheet_ceilings(*run.datasheet);
    add_ridges(out);
    return out;
  }
  Ceilings out;
  for (const auto& r : run.benchmarks) {
    if (!has_measured_rate(r)) continue;
    if (r.family == "memory" && !is_cache_sweep_point(r)) {
      keep_best(out.bandwidth, ceiling_of(r), true);
      if (!out.best_bandwidth || r.median_rate() > out.best_bandwidth->value)
        out.best_bandwidth = ceiling_of(r);
    } else if (r.family == "compute" || r.family == "matrix") {
      // A dtype's ceiling is the faster of its vector and matrix units, named as a
      // datasheet names it (both fp8 formats are "fp8") so runs and chips line up.
      Ceiling c = ceiling_of(r);
      if (const auto t = parse_dtype(r.dtype)) c.dtype = datasheet_dtype(*t);
      keep_best(out.compute, std::move(c), false);
    }
  }
  add_ridges(out);
  return out;
}

}  // namespace ridgeline
