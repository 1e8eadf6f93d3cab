#include "analysis/roofline_fit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/ceilings.hpp"
#include "core/dtype.hpp"

namespace ridgeline {
namespace {

// The intensity the rate was computed from: the declared flops over the declared bytes.
// Older or foreign files may only carry the nominal "flop_per_byte" parameter.
std::optional<double> intensity_of(const BenchmarkRecord& r) {
  if (r.bytes_per_call > 0 && r.flops_per_call > 0) return r.flops_per_call / r.bytes_per_call;
  const auto value = number_param(r.params, param_keys::kFlopPerByte);
  if (!value || !(*value > 0)) return std::nullopt;
  return value;
}

struct LogPoint {
  double x;  // log10 intensity
  double y;  // log10 rate
};

// For a ridge at log10 intensity t the model is log roof = b + min(x, t) with b = log10 B,
// so the best b is the mean of y - min(x, t) and the error is the spread around it.
struct Offset {
  double b = 0;
  double squared_error = 0;
};

Offset best_offset(std::span<const LogPoint> points, double t) {
  double sum = 0;
  for (const auto& p : points) sum += p.y - std::min(p.x, t);
  const double b = sum / static_cast<double>(points.size());
  double squared_error = 0;
  for (const auto& p : points) {
    const double residual = p.y - std::min(p.x, t) - b;
    squared_error += residual * residual;
  }
  return {b, squared_error};
}

}  // namespace

std::map<std::string, std::vector<SweepPoint>> intensity_sweeps(const ResultFile& run) {
  std::map<std::string, std::vector<SweepPoint>> sweeps;
  for (const auto& r : run.benchmarks) {
    if (r.family != Family::intensity || r.unit != RateUnit::gigaflops || !r.dtype ||
        !has_measured_rate(r))
      continue;
    if (const auto intensity = intensity_of(r))
      sweeps[std::string(to_string(*r.dtype))].push_back(
          SweepPoint{r.name, *intensity, r.median_rate()});
  }
  for (auto& [dtype, points] : sweeps)
    std::sort(points.begin(), points.end(), [](const SweepPoint& a, const SweepPoint& b) {
      return a.flop_per_byte < b.flop_per_byte;
    });
  return sweeps;
}

std::map<std::string, std::vector<SweepPoint>> gemm_points(const ResultFile& run) {
  std::map<std::string, std::vector<SweepPoint>> points;
  for (const auto& r : run.benchmarks) {
    if (r.family != Family::gemm || r.unit != RateUnit::gigaflops || !r.dtype ||
        !has_measured_rate(r))
      continue;
    const auto intensity = intensity_of(r);
    if (!intensity) continue;
    points[std::string(datasheet_dtype(*r.dtype))].push_back(
        SweepPoint{r.name, *intensity, r.median_rate()});
  }
  for (auto& [dtype, list] : points)
    std::sort(list.begin(), list.end(), [](const SweepPoint& a, const SweepPoint& b) {
      return a.flop_per_byte < b.flop_per_byte;
    });
  return points;
}

// The error, as a function of the ridge t alone, is a convex quadratic between two
// neighbouring intensities (which points sit on the slope and which on the plateau is
// fixed there), with its minimum at t = mean(y over plateau) - mean(y - x over slope).
// Clamping that to each interval and keeping the best gives the exact least-squares fit,
// no iteration and no starting guess. Every point weighs the same in log space, so a
// slow point at low intensity pulls as hard as one at high intensity.
std::optional<FittedRoofline> fit_roofline(std::string dtype, std::span<const SweepPoint> points) {
  std::vector<SweepPoint> usable;
  for (const auto& p : points)
    if (p.flop_per_byte > 0 && p.gflops > 0 && std::isfinite(p.flop_per_byte) &&
        std::isfinite(p.gflops))
      usable.push_back(p);
  std::sort(usable.begin(), usable.end(), [](const SweepPoint& a, const SweepPoint& b) {
    return a.flop_per_byte < b.flop_per_byte;
  });
  std::vector<LogPoint> logs;
  std::vector<double> knots;  // distinct log10 intensities, ascending
  for (const auto& p : usable) {
    logs.push_back({std::log10(p.flop_per_byte), std::log10(p.gflops)});
    if (knots.empty() || logs.back().x > knots.back()) knots.push_back(logs.back().x);
  }
  if (knots.size() < 2) return std::nullopt;

  double best_t = knots.front();
  double best_error = std::numeric_limits<double>::infinity();
  for (std::size_t j = 0; j + 1 < knots.size(); ++j) {
    double slope_sum = 0, plateau_sum = 0;
    int slope_count = 0, plateau_count = 0;
    for (const auto& p : logs) {
      if (p.x <= knots[j]) {
        slope_sum += p.y - p.x;
        ++slope_count;
      } else {
        plateau_sum += p.y;
        ++plateau_count;
      }
    }
    const double stationary = plateau_sum / plateau_count - slope_sum / slope_count;
    const double t = std::clamp(stationary, knots[j], knots[j + 1]);
    const double error = best_offset(logs, t).squared_error;
    if (error < best_error) {
      best_error = error;
      best_t = t;
    }
  }

  const Offset offset = best_offset(logs, best_t);
  FittedRoofline fit;
  fit.dtype = std::move(dtype);
  fit.bandwidth_gbs = std::pow(10.0, offset.b);
  fit.ridge = std::pow(10.0, best_t);
  fit.peak_gflops = fit.bandwidth_gbs * fit.ridge;
  // At an end of the sweep every point sits on one side of the ridge: the data only
  // bound it (any ridge further out fits as well).
  constexpr double kLogTolerance = 1e-9;
  fit.ridge_in_sweep =
      best_t > knots.front() + kLogTolerance && best_t < knots.back() - kLogTolerance;
  fit.rms_log10_error = std::sqrt(offset.squared_error / static_cast<double>(logs.size()));
  for (const auto& p : usable) {
    const double roof = std::min(fit.peak_gflops, p.flop_per_byte * fit.bandwidth_gbs);
    fit.points.push_back(FittedPoint{p, roof, p.gflops / roof - 1});
  }
  return fit;
}

std::vector<FittedRoofline> fit_rooflines(const ResultFile& run) {
  std::vector<FittedRoofline> fits;
  for (const auto& [dtype, points] : intensity_sweeps(run))
    if (auto fit = fit_roofline(dtype, points)) fits.push_back(std::move(*fit));
  return fits;
}

}  // namespace ridgeline
