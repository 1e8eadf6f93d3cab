// Runs planned cases in plan order: for each, its repetitions with every sample kept
// (backend-clock time), then verification; one record per case, handed on at once, with
// the case's wall time and the share of the host's CPU time other processes took meanwhile.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "backends/backend.hpp"
#include "results/result_model.hpp"
#include "suite_plan.hpp"

namespace ridgeline {

struct HarnessOptions {
  int repetitions = 10;
  // Kernel calls are batched until one sample lasts at least this long, so short
  // kernels are not dominated by clock resolution or launch cost.
  double min_sample_seconds = 0.02;
  int max_calls_per_sample = 1 << 20;
  // A case still running this long after its first call (prepare, samples and
  // verification together) is timed out and failed; 0 means no limit. A call into the
  // backend still running then is aborted if the backend can (GPU); if not, it gets
  // min(limit, 60 s) more to return before the case counts as hung (see on_hung).
  double time_limit_seconds = 600;
  // Sustained runs: each sample also records when it ended, in seconds since this point.
  std::optional<std::chrono::steady_clock::time_point> run_started;
};

// A case that hangs inside a backend which cannot abort it ends the process with this
// code, like timeout(1): the measuring thread is stuck and the run cannot resume.
inline constexpr int kHungExitCode = 124;

struct HarnessSummary {
  std::size_t ok = 0, failed = 0, skipped = 0;
  // Of the skipped: those for a vendor library the host lacks (LibraryMissing), which
  // do not fail the run.
  std::size_t library_missing = 0;
  bool interrupted = false;
};

struct HarnessCallbacks {
  // Before each case of the plan (index from 0), measured or not: ranks of a fleet wait
  // for each other here so every device starts the benchmark together. false ends the
  // plan here (a sustained run's time is up); the summary is not "interrupted".
  std::function<bool(std::size_t index)> before_case;
  // A case is about to be measured: index counts from 1 to total.
  std::function<void(std::size_t index, std::size_t total, std::string_view name)> on_start;
  // A case finished (measured, failed or skipped); called once per case, in order.
  std::function<void(const BenchmarkRecord&)> on_record;
  // A case is stuck inside the backend past the time limit and the backend could not
  // abort it: the record says "timed out". Runs on the watchdog thread while the
  // measuring thread is still stuck, so it may save the record and must be quick; the
  // process then ends with kHungExitCode. (A timed-out case the backend could abort
  // goes to on_record as failed, and the run goes on.)
  std::function<void(const BenchmarkRecord&)> on_hung;
};

HarnessSummary run_cases(Backend& backend, const DeviceInfo& device,
                         const std::vector<PlannedCase>& plan, const HarnessOptions& options,
                         const HarnessCallbacks& callbacks);

}  // namespace ridgeline
