// The fitted roofline: the two-parameter model min(P, I * B) fitted to a run's
// arithmetic-intensity sweep, per dtype, and how far each measured point sits from it.
// Unlike find_ceilings (best single kernels), this is what the sweep itself says the
// roof is, so the two can be compared.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "results/result_model.hpp"

namespace ridgeline {

struct SweepPoint {
  std::string benchmark;
  double flop_per_byte = 0;  // declared flops / declared bytes of the benchmark
  double gflops = 0;         // median rate, GFLOP/s
};

struct FittedPoint {
  SweepPoint point;
  double roof_gflops = 0;  // the fitted roof at this intensity
  double deviation = 0;    // (measured - roof) / roof: -0.1 is 10% below the roof
};

struct FittedRoofline {
  std::string dtype;
  double peak_gflops = 0;           // P, the plateau
  double bandwidth_gbs = 0;         // B, the slope: GFLOP/s per flop/byte = GB/s
  double ridge = 0;                 // P / B, flop per byte
  bool ridge_in_sweep = true;       // false: every point sits on one side, so P / B is a bound
  double rms_log10_error = 0;       // root mean square of log10(measured / roof)
  std::vector<FittedPoint> points;  // in order of intensity
};

// The intensity-family benchmarks of a run that passed, grouped by dtype and sorted by
// intensity. Floating-point sweeps only (unit GFLOP/s).
std::map<std::string, std::vector<SweepPoint>> intensity_sweeps(const ResultFile& run);

// The vendor-GEMM benchmarks of a run that passed, by dtype as a datasheet names it
// ("fp8" for both fp8 formats), sorted by intensity: points under the roof at their
// true 2MNK / traffic intensity, never part of a fit. Floating point only.
std::map<std::string, std::vector<SweepPoint>> gemm_points(const ResultFile& run);

// Least squares of log(measured) against log(min(P, I * B)) over log P and log B;
// exact (see the .cpp). Needs at least two distinct intensities, else nullopt.
std::optional<FittedRoofline> fit_roofline(std::string dtype, std::span<const SweepPoint> points);

// One fit per dtype of the run's sweep that has enough points.
std::vector<FittedRoofline> fit_rooflines(const ResultFile& run);

}  // namespace ridgeline
