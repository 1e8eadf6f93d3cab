// One device measured into one result file: the device's own benchmarks, then its
// collectives on their transport; once, or pass after pass until a sustained run's
// duration is over (records merged by name, the hardware traced meanwhile). The file is
// rewritten after every benchmark, so a fault or a signal loses nothing already measured.
// Shared by a plain run, every rank of srun/mpirun and every thread of --device cuda:all.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "cli/run_progress.hpp"
#include "harness.hpp"
#include "results/result_writer.hpp"
#include "run_estimate.hpp"
#include "suite_plan.hpp"

namespace ridgeline::cli {

// A plan and the backend that runs it.
struct PlanPart {
  Backend* backend = nullptr;
  std::vector<PlannedCase> plan;
};

struct SessionOptions {
  HarnessOptions harness;
  // Sustained (run --duration): passes continue until this many seconds have passed,
  // the last ending at the first benchmark boundary after it.
  std::optional<double> duration_seconds;
  double trace_interval_seconds = 1;
  // What is said on stderr while measuring (run_progress.hpp); quiet for the ranks and
  // devices of a fleet, which say one line each at the end.
  Progress progress = Progress::quiet;
  // The expected time of each case of one pass, for the time left (empty: unknown).
  RunEstimate estimate;
};

struct SessionHooks {
  // Before every case, with its index over all parts of one pass: a fleet's barrier.
  std::function<void(std::size_t index)> before_case;
  // Sustained runs, before every case: whether to go on (the ranks of a fleet agree, so
  // none waits at a barrier for one that stopped).
  std::function<bool(bool my_time_is_up)> keep_going;
};

struct SessionResult {
  RunStatus status = RunStatus::incomplete;
  std::size_t ok = 0, failed = 0, skipped = 0;  // over the records of the file
  std::size_t library_missing = 0;              // of the skipped: a vendor library the host lacks
  bool interrupted = false;
  int passes = 0;
  std::string write_error;  // the file could not be updated: the run stopped there
};

SessionResult run_session(const DeviceInfo& device, const std::vector<PlanPart>& parts,
                          ResultWriter& writer, const SessionOptions& options,
                          const SessionHooks& hooks);

// A later pass's record folded into the record of the same benchmark: samples appended;
// a failure in any pass fails the benchmark (its reason names the pass).
void merge_pass(BenchmarkRecord& into, BenchmarkRecord pass, int pass_number);

// The exit code of a run that ended as `r` (0, 1, 128 + signal; see exit_codes.hpp).
int session_exit_code(const SessionResult& r);

}  // namespace ridgeline::cli
