// One planned case through its life: prepare, warm up, calibrate, time repetitions,
// verify, release. Failures become the record's status; nothing escapes as a throw.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "backends/backend.hpp"
#include "harness.hpp"
#include "results/result_model.hpp"
#include "suite_plan.hpp"
#include "watchdog.hpp"

namespace ridgeline {

class CaseRun {
 public:
  using HungHandler = std::function<void(const BenchmarkRecord&)>;

  // With a watchdog, every call into the backend is watched against the case's time
  // limit; a call the backend cannot abort goes to `on_hung` (see HarnessCallbacks).
  CaseRun(Backend& backend, const DeviceInfo& device, const PlannedCase& planned,
          const HarnessOptions& options, Watchdog* watchdog, HungHandler on_hung);

  // One repetition: prepares the case on the first, then times one sample. Does
  // nothing once the case has ended (failed, skipped or interrupted).
  void take_sample();
  // Verifies the last output, frees the buffers and returns the finished record.
  BenchmarkRecord finish();

  bool ended() const { return ended_; }
  bool device_lost() const { return device_lost_; }
  // Skipped because the host lacks a vendor library (LibraryMissing): no failure.
  bool library_missing() const { return library_missing_; }
  void skip(std::string reason);

 private:
  void prepare();
  void fail(std::string reason);
  // Runs one call into the backend under the watchdog.
  template <class Call>
  auto watched(Call&& call);
  // On the watchdog thread: first asks the backend to abort the call, else allows it a
  // grace period (a slow call fails only its case), then declares it hung.
  std::optional<Watchdog::Clock::time_point> on_overdue();
  bool past_deadline() const;
  std::string timeout_reason() const;
  // `reason`, led by the timeout when the watchdog aborted the call that failed.
  std::string with_timeout(std::string reason) const;

  Backend& backend_;
  const DeviceInfo& device_;
  const PlannedCase& planned_;
  HarnessOptions options_;
  Watchdog* watchdog_;
  HungHandler on_hung_;
  Watchdog::Clock::time_point deadline_{};
  // Set by the watchdog, read by the measuring thread once the watched call has ended.
  bool timed_out_ = false;
  std::unique_ptr<PreparedCase> prepared_;
  BenchmarkRecord record_;
  bool started_ = false;
  bool ended_ = false;  // failed or skipped: later repetitions do nothing
  bool device_lost_ = false;
  bool library_missing_ = false;
};

}  // namespace ridgeline
