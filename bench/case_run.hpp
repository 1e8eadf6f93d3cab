// One planned case through its life: prepare, warm up, calibrate, time repetitions,
// verify, release. Failures become the record's status; nothing escapes as a throw.
#pragma once

#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <utility>

#include "backends/backend.hpp"
#include "harness.hpp"
#include "results/result_model.hpp"
#include "suite_plan.hpp"

namespace ridgeline {

class CaseRun {
 public:
  CaseRun(Backend& backend, const DeviceInfo& device, const PlannedCase& planned,
          const HarnessOptions& options);

  // Google Benchmark calls this once per repetition.
  void repetition(benchmark::State& state);
  // Verifies the last output, frees the buffers and returns the finished record.
  BenchmarkRecord finish();

  bool device_lost() const { return device_lost_; }
  // True exactly once: on the first repetition, so progress is announced once.
  bool take_first_call() { return !std::exchange(announced_, true); }
  void skip(std::string reason);

 private:
  void prepare();
  // Seconds per call of one new sample, or 0 when the case has ended.
  double take_sample();
  void fail(std::string reason);

  Backend& backend_;
  const DeviceInfo& device_;
  const PlannedCase& planned_;
  HarnessOptions options_;
  std::unique_ptr<PreparedCase> prepared_;
  BenchmarkRecord record_;
  bool started_ = false;
  bool ended_ = false;  // failed or skipped: later repetitions do nothing
  bool device_lost_ = false;
  bool announced_ = false;
};

}  // namespace ridgeline
