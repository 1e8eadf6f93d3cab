// A run checks itself: the numbers a reader should distrust, found from the run's own
// records. Computation only; report/run_warnings.hpp words each finding as the line the
// table prints and the result file keeps.
//  - above_peak: an intensity sweep point beats the compute ceiling of its dtype by more
//    than kAbovePeakTolerance: the peak kernel ran slow (a busy machine, a throttled
//    clock), so that ceiling and the ridge point from it are too low.
//  - fits_in_cache: a memory or sweep kernel's arrays together fit in the last-level
//    cache: its bandwidth is the cache's, not memory's (deliberate cache-sweep points
//    excepted).
//  - noisy: a benchmark's samples spread (IQR / median) more than kNoiseLimit, which is
//    also compare's default threshold: a later comparison will call its changes NOISY.
//  - busy_host: on a CPU device, other processes took more than kBusyShare of the host's
//    CPU time while benchmarks ran (or, where that was not measured, the load average at
//    the start was at least half the CPU count).
//  - frequency_scaling: on a CPU device, the cores' cpufreq governor is not "performance".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "results/result_model.hpp"

namespace ridgeline {

inline constexpr double kAbovePeakTolerance = 0.05;
inline constexpr double kNoiseLimit = 0.05;
inline constexpr double kBusyShare = 0.10;

// One finding; which numbers are set depends on the kind.
struct RunFinding {
  WarningKind kind = WarningKind::noisy;
  std::vector<std::string> benchmarks;  // what it is about, worst first where ranked
  std::vector<double> values;           // per benchmark: rate, working set bytes, noise, share
  std::optional<RateUnit> unit;         // above_peak: the rates' unit
  // above_peak: the ceiling's benchmark and rate; fits_in_cache: the cache bytes;
  // busy_host: the load average at the start (when known) and the CPU count.
  std::string reference;
  double reference_value = 0;
  double limit = 0;  // the threshold the values crossed
  std::vector<double> load_avg;
  int cpus = 0;
  std::string governor;  // frequency_scaling
};

std::vector<RunFinding> check_run(const ResultFile& run);

}  // namespace ridgeline
