#include "core/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace ridgeline {
namespace {
std::vector<double> sorted(std::span<const double> xs) {
  if (xs.empty()) throw std::invalid_argument("statistics of an empty sample");
  std::vector<double> v(xs.begin(), xs.end());
  std::sort(v.begin(), v.end());
  return v;
}
}  // namespace

double quantile(std::span<const double> xs, double q) {
  const auto v = sorted(xs);
  const double pos = std::clamp(q, 0.0, 1.0) * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const auto hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

double median(std::span<const double> xs) { return quantile(xs, 0.5); }

double mean(std::span<const double> xs) {
  if (xs.empty()) throw std::invalid_argument("statistics of an empty sample");
  return std::accumulate(xs.begin(), xs.end(), 0.0) / static_cast<double>(xs.size());
}

double stddev(std::span<const double> xs) {
  if (xs.size() < 2) return 0.0;
  const double m = mean(xs);
  double ss = 0;
  for (double x : xs) ss += (x - m) * (x - m);
  return std::sqrt(ss / static_cast<double>(xs.size() - 1));
}

double median_absolute_deviation(std::span<const double> xs) {
  const double mid = median(xs);
  std::vector<double> deviations;
  deviations.reserve(xs.size());
  for (double x : xs) deviations.push_back(std::abs(x - mid));
  return median(deviations);
}

std::optional<double> relative_iqr(std::span<const double> xs) {
  if (xs.size() < 2) return std::nullopt;
  const double mid = median(xs);
  if (!(mid != 0)) return std::nullopt;
  return (quantile(xs, 0.75) - quantile(xs, 0.25)) / std::abs(mid);
}

}  // namespace ridgeline
