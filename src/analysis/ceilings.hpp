// The ceilings a run found: best bandwidth per memory kernel, best rate per compute
// dtype (vector or matrix units, whichever is faster; vendor GEMMs are points under the
// roof, not ceilings), and the ridge point where they meet. Only passed benchmarks count.
// Integer dtypes (int8 TOPS) get a ridge of their own kind, in op per byte.
// A datasheet (kind "datasheet") yields its stated ceilings instead: kernel "datasheet",
// benchmark "datasheet:memory_bandwidth" or "datasheet:peak_tflops.<dtype>".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/units.hpp"
#include "results/result_model.hpp"

namespace ridgeline {

struct Ceiling {
  std::string kernel;     // "triad", "peak_fma"
  std::string dtype;      // as a datasheet names it: "fp64", "fp8" ("" for bandwidth)
  std::string benchmark;  // the benchmark name the value came from
  double value = 0;       // median rate in `unit`
  RateUnit unit = RateUnit::gigabytes;
};

struct RidgePoint {
  std::string dtype;
  double flop_per_byte = 0;  // compute ceiling / best bandwidth ceiling (op per byte: integer)
  Ceiling compute;
  Ceiling bandwidth;
};

struct Ceilings {
  std::vector<Ceiling> bandwidth;  // one per memory kernel and dtype (DRAM-sized arrays)
  std::vector<Ceiling> compute;    // one per dtype: the best compute- or matrix-family rate
  std::optional<Ceiling> best_bandwidth;
  std::vector<RidgePoint> ridges;  // one per floating-point compute dtype
  // One per integer compute dtype (unit GOP/s), in op per byte. Apart from `ridges`
  // because the tables and comparisons that read those are about flop per byte; the
  // roofline draws both.
  std::vector<RidgePoint> integer_ridges;
};

Ceilings find_ceilings(const ResultFile& run);

// Recomputes `ridges` and `integer_ridges` from `compute` and `best_bandwidth` (after
// the values were changed, e.g. scaled by a measured efficiency).
void recompute_ridges(Ceilings& c);

// The ridge of a dtype, floating point or integer; null when there is none.
const RidgePoint* find_ridge(const Ceilings& c, std::string_view dtype);

// A benchmark that passed and has a positive median rate: the only kind any analysis
// (ceilings, sweeps, matrix summary) takes a number from.
bool has_measured_rate(const BenchmarkRecord& r);

// A memory kernel run over a working set meant to fit a cache, not DRAM.
bool is_cache_sweep_point(const BenchmarkRecord& r);

// The ceiling a measured benchmark gives: its median rate, named by its own dtype.
Ceiling ceiling_of(const BenchmarkRecord& r);
// Keeps `c` in `best` when there is none yet or `c` is faster.
void keep_best(std::optional<Ceiling>& best, Ceiling c);

}  // namespace ridgeline
