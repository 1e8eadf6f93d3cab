// How close a benchmark came to the device's peak at the clock it really ran at: the
// backend records its peak per MHz of core clock, the monitor the clock under load.
#pragma once

#include <optional>

#include "results/result_model.hpp"

namespace ridgeline {

// The median core clock sampled during the benchmark's timed repetitions, when the
// device's monitor could read it.
std::optional<double> observed_clock_mhz(const BenchmarkRecord& r);

// rate / (peak per MHz x observed clock) x 100, when both are known.
std::optional<double> percent_of_peak_at_clock(const BenchmarkRecord& r);

}  // namespace ridgeline
