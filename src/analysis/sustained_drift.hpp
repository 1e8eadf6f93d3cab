// What a sustained run (run --duration) shows that a short one cannot: whether a
// device's rate holds from its first minute to its last, and how often it throttled.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/hardware_trace.hpp"
#include "results/result_model.hpp"

namespace ridgeline {

// The first and the last window a drift compares: one minute, or a quarter of a run
// shorter than four minutes (a 20 s test run compares its first and last 5 s).
double drift_window_seconds(double run_seconds);

struct Drift {
  double window_seconds = 0;
  double first_rate = 0;  // median rate of the samples in the first window
  double last_rate = 0;   // and in the last
  std::size_t first_samples = 0;
  std::size_t last_samples = 0;
  double change() const { return last_rate / first_rate - 1; }
};

// From the benchmark's own first sample to its last: the samples that ended within a
// window of its first sample against those within a window of its last. nullopt when
// the benchmark has no sample times, did not pass, or its windows would overlap (it ran
// for less than two windows).
std::optional<Drift> drift_of(const BenchmarkRecord& r, double window_seconds);

// A sustained run's length: its requested duration, else the last sample's end time.
double run_seconds(const ResultFile& f);

struct ThrottleEvents {
  // How often each reason started (a trace point has it, the one before did not).
  std::map<std::string, int> by_reason;
  int total() const;
};

ThrottleEvents throttle_events(const HardwareTrace& trace);

}  // namespace ridgeline
