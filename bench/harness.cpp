#include "harness.hpp"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>

#include "case_run.hpp"
#include "stop_request.hpp"
#include "watchdog.hpp"

namespace ridgeline {
namespace {

// Google Benchmark reports each benchmark's repetitions together once they are done
// (then its aggregates, in a second call, which we skip): that is when a case is
// finished and handed on, so the file grows benchmark by benchmark. The record keeps
// every sample and the result writer derives the aggregates itself.
class CaseReporter final : public benchmark::BenchmarkReporter {
 public:
  explicit CaseReporter(std::function<void()> on_case_done)
      : on_case_done_(std::move(on_case_done)) {}
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>& runs) override {
    if (!runs.empty() && runs.front().run_type == Run::RT_Iteration) on_case_done_();
  }

 private:
  std::function<void()> on_case_done_;
};

void initialise_google_benchmark() {
  static const bool done = [] {
    int argc = 1;
    char name[] = "ridgeline";
    char* argv[] = {name, nullptr};
    benchmark::Initialize(&argc, argv);
    return true;
  }();
  (void)done;
}

}  // namespace

HarnessSummary run_cases(Backend& backend, const DeviceInfo& device,
                         const std::vector<PlannedCase>& plan, const HarnessOptions& options,
                         const HarnessCallbacks& callbacks) {
  initialise_google_benchmark();
  std::vector<std::unique_ptr<CaseRun>> runs;
  runs.reserve(plan.size());
  HarnessSummary summary;
  std::size_t next_done = 0;
  std::string lost_reason;
  std::optional<Watchdog> watchdog;
  if (options.time_limit_seconds > 0) watchdog.emplace();
  const CaseRun::HungHandler on_hung = [&callbacks](const BenchmarkRecord& record) {
    if (callbacks.on_hung) callbacks.on_hung(record);
    std::fflush(nullptr);
    std::_Exit(kHungExitCode);  // the measuring thread is stuck in the backend for good
  };

  auto finish_case = [&] {
    CaseRun& run = *runs[next_done++];
    BenchmarkRecord record = run.finish();
    if (run.device_lost() && lost_reason.empty())
      lost_reason = "skipped: the device was lost earlier in this run (" + record.reason + ")";
    if (stop_requested() && record.status == BenchStatus::skipped && record.reason == "interrupted")
      return;  // not measured: leave it out rather than record a non-result
    switch (record.status) {
      case BenchStatus::ok:
        ++summary.ok;
        break;
      case BenchStatus::failed:
        ++summary.failed;
        break;
      case BenchStatus::skipped:
        ++summary.skipped;
        break;
    }
    if (callbacks.on_record) callbacks.on_record(record);
  };

  for (std::size_t i = 0; i < plan.size(); ++i) {
    runs.push_back(std::make_unique<CaseRun>(backend, device, plan[i], options,
                                             watchdog ? &*watchdog : nullptr, on_hung));
    CaseRun* run = runs.back().get();
    const std::size_t index = i + 1;
    benchmark::RegisterBenchmark(
        plan[i].name.c_str(),
        [&, run, index](benchmark::State& state) {
          if (!lost_reason.empty()) run->skip(lost_reason);
          if (run->take_first_call() && callbacks.on_start && !stop_requested())
            callbacks.on_start(index, plan.size(), plan[index - 1].name);
          run->repetition(state);
        })
        ->Iterations(1)
        ->Repetitions(options.repetitions)
        ->UseManualTime()
        ->Unit(benchmark::kNanosecond);
  }

  CaseReporter reporter(finish_case);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::ClearRegisteredBenchmarks();
  summary.interrupted = stop_requested();
  return summary;
}

}  // namespace ridgeline
