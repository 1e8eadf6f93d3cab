// The ceilings a run found: best bandwidth per memory kernel, best rate per compute
// dtype (vector or matrix units, whichever is faster; vendor GEMMs are points under the
// roof, not ceilings), and the ridge point where they meet. Only passed benchmarks count.
// A datasheet (kind "datasheet") yields its stated ceilings instead: kernel "datasheet",
// benchmark "datasheet:memory_bandwidth" or "datasheet:peak_tflops.<dtype>".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "results/result_model.hpp"

namespace ridgeline {

struct Ceiling {
  std::string kernel;     // "triad", "peak_fma"
  std::string dtype;      // "fp64"
  std::string benchmark;  // the benchmark name the value came from
  double value = 0;       // median rate in `unit`
  std::string unit;       // "GB/s", "GFLOP/s", "GOP/s"
};

struct RidgePoint {
  std::string dtype;
  double flop_per_byte = 0;  // compute ceiling / best bandwidth ceiling
  Ceiling compute;
  Ceiling bandwidth;
};

struct Ceilings {
  std::vector<Ceiling> bandwidth;  // one per memory kernel and dtype (DRAM-sized arrays)
  std::vector<Ceiling> compute;    // one per dtype: the best compute- or matrix-family rate
  std::optional<Ceiling> best_bandwidth;
  std::vector<RidgePoint> ridges;  // one per floating-point compute dtype
};

Ceilings find_ceilings(const ResultFile& run);

// A benchmark that passed and has a positive median rate: the only kind any analysis
// (ceilings, sweeps, matrix summary) takes a number from.
bool has_measured_rate(const BenchmarkRecord& r);

}  // namespace ridgeline
