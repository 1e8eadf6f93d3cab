// Order statistics over per-repetition samples. Empty input is a caller error.
#pragma once

#include <optional>
#include <span>

namespace ridgeline {

double median(std::span<const double> xs);
// Linear-interpolated quantile, q in [0, 1] (type 7, as numpy and R default).
double quantile(std::span<const double> xs, double q);
double mean(std::span<const double> xs);
// Sample standard deviation (n - 1); 0 for a single sample.
double stddev(std::span<const double> xs);
// Median absolute deviation from the median (unscaled): a spread one outlier cannot move.
double median_absolute_deviation(std::span<const double> xs);

// The noise of a benchmark's samples: interquartile range / median. Unknown (nullopt) for
// fewer than two samples, where no spread has been seen, or a median of zero.
std::optional<double> relative_iqr(std::span<const double> xs);

}  // namespace ridgeline
