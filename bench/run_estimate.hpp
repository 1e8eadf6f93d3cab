// How long a planned run takes, before it starts (`run --list`) and while it runs (the
// ETA). Two sources, each named where it is used:
//  - a previous run of the same benchmarks on this device that recorded each benchmark's
//    wall time: that time, adjusted for a different repetition count by the benchmark's
//    own sample time (calls per sample x median seconds per call);
//  - otherwise the harness's own floor: every repetition's sample lasts at least
//    HarnessOptions::min_sample_seconds, so repetitions x that is a lower bound (setup,
//    first touch and verification come on top).
// While a run goes, the estimates of the remaining benchmarks are scaled by how the
// finished ones compared with theirs.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harness.hpp"
#include "results/result_model.hpp"
#include "suite_plan.hpp"

namespace ridgeline {

struct CaseEstimate {
  double seconds = 0;
  bool recorded = false;  // from a previous run's wall time; false: the lower bound
};

struct RunEstimate {
  std::vector<CaseEstimate> cases;  // in plan order
  std::string previous;             // the file the recorded times came from; empty: none
  double total_seconds() const;
  std::size_t recorded_count() const;
};

RunEstimate estimate_run(const std::vector<PlannedCase>& plan, const HarnessOptions& options,
                         const ResultFile* previous, std::string previous_name);

// The newest result file in `directory` written by a run on `device` (same id and name)
// whose benchmarks recorded their wall time; std::nullopt when there is none. Files are
// tried newest first, at most a few.
struct PreviousRun {
  std::filesystem::path path;
  ResultFile file;
};
std::optional<PreviousRun> find_previous_run(const std::filesystem::path& directory,
                                             const DeviceInfo& device);

// The ETA of a run in progress.
class RunClock {
 public:
  explicit RunClock(RunEstimate estimate);
  // Case `index` (from 0) finished after `seconds` of wall time.
  void finished(std::size_t index, double seconds);
  // Seconds left for the cases after `index`, scaled by what the finished ones took
  // against their estimates.
  double seconds_left(std::size_t index) const;

 private:
  RunEstimate estimate_;
  double estimated_done_ = 0;
  double actual_done_ = 0;
};

}  // namespace ridgeline
