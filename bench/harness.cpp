// The repetition loop is ridgeline's own. Google Benchmark was the loop before and
// contributed only that: it read its flags from BENCHMARK_* variables (so a user's
// environment could filter or reorder a run, or crash it), it paired its reports with
// cases by position, and it dropped the samples. Google Benchmark stays the file format:
// results/gbench_json.cpp writes the layout its tools (compare.py) read.
#include "harness.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>

#include "case_run.hpp"
#include "host_activity.hpp"
#include "stop_request.hpp"
#include "watchdog.hpp"

namespace ridgeline {

HarnessSummary run_cases(Backend& backend, const DeviceInfo& device,
                         const std::vector<PlannedCase>& plan, const HarnessOptions& options,
                         const HarnessCallbacks& callbacks) {
  HarnessSummary summary;
  std::string lost_reason;
  std::optional<Watchdog> watchdog;
  if (options.time_limit_seconds > 0) watchdog.emplace();
  const CaseRun::HungHandler on_hung = [&callbacks](const BenchmarkRecord& record) {
    if (callbacks.on_hung) callbacks.on_hung(record);
    std::fflush(nullptr);
    std::_Exit(kHungExitCode);  // the measuring thread is stuck in the backend for good
  };

  const double ticks_per_second = clock_ticks_per_second();
  for (std::size_t i = 0; i < plan.size() && !stop_requested(); ++i) {
    if (callbacks.before_case && !callbacks.before_case(i)) break;
    CaseRun run(backend, device, plan[i], options, watchdog ? &*watchdog : nullptr, on_hung);
    std::optional<ActivitySnapshot> before;
    const auto started = std::chrono::steady_clock::now();
    if (!lost_reason.empty()) {
      run.skip(lost_reason);
    } else {
      if (callbacks.on_start) callbacks.on_start(i + 1, plan.size(), plan[i].name);
      before = take_activity_snapshot();
      for (int rep = 0; rep < options.repetitions && !run.ended(); ++rep) run.take_sample();
    }
    BenchmarkRecord record = run.finish();
    if (before) {
      record.wall_seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      record.host_busy_share =
          others_cpu_share(*before, take_activity_snapshot(), ticks_per_second);
    }
    if (run.device_lost() && lost_reason.empty())
      lost_reason = "skipped: the device was lost earlier in this run (" + record.reason + ")";
    if (stop_requested() && record.status == BenchStatus::skipped && record.reason == "interrupted")
      break;  // not measured: leave it out rather than record a non-result
    switch (record.status) {
      case BenchStatus::ok:
        ++summary.ok;
        break;
      case BenchStatus::failed:
        ++summary.failed;
        break;
      case BenchStatus::skipped:
        ++summary.skipped;
        if (run.library_missing()) ++summary.library_missing;
        break;
    }
    if (callbacks.on_record) callbacks.on_record(record);
  }
  summary.interrupted = stop_requested();
  return summary;
}

}  // namespace ridgeline
