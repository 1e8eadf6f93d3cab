// The harness against a scripted backend: how faults become records.
#include "harness.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "kernels/arithmetic.hpp"
#include "stop_request.hpp"
#include "suite_plan.hpp"

namespace ridgeline {
namespace {

enum class Fault { none, wrong_result, skip, throw_on_run, device_lost, hang, slow, too_fast };

// A kernel stuck until the backend aborts it (never, unless the backend can abort).
class Hang {
 public:
  void wait() {
    std::unique_lock lock(mutex_);
    released_.wait(lock, [&] { return aborted_; });
  }
  void abort() {
    std::lock_guard lock(mutex_);
    aborted_ = true;
    released_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable released_;
  bool aborted_ = false;
};

class ScriptedCase final : public PreparedCase {
 public:
  ScriptedCase(std::uint64_t n, Fault fault, Hang& hang) : n_(n), fault_(fault), hang_(hang) {}
  std::uint64_t work_count() const override { return n_; }
  double run(int calls) override {
    if (fault_ == Fault::throw_on_run && ++runs_ > 2) throw std::runtime_error("launch failed");
    if (fault_ == Fault::device_lost && ++runs_ > 2) throw DeviceLost("illegal address");
    if (fault_ == Fault::hang && ++runs_ > 2) {
      hang_.wait();
      throw std::runtime_error("kernel aborted");
    }
    if (fault_ == Fault::slow) std::this_thread::sleep_for(std::chrono::milliseconds(40));
    return 1e-3 * calls;
  }
  Verification verify() override {
    Verification v;
    v.checked = n_;
    v.verdict = fault_ == Fault::wrong_result ? Verdict::fail : Verdict::pass;
    if (fault_ == Fault::wrong_result) {
      v.mismatches = 1;
      v.detail = "index 7: expected 3, got 4";
    }
    return v;
  }
  Params configuration() const override { return {{"threads", 1}}; }
  void plant_wrong_value() override { fault_ = Fault::wrong_result; }
  // A call of n multiply-adds in 1 ms is 2n / 1e-3 flop/s: too_fast declares half that
  // as the device's limit, every other case ten times it.
  PhysicalLimits physical_limits() const override {
    PhysicalLimits limits;
    limits.operations_per_second =
        2.0 * static_cast<double>(n_) / 1e-3 * (fault_ == Fault::too_fast ? 0.5 : 10.0);
    limits.basis = "scripted limit";
    return limits;
  }
  std::optional<RunConditions> conditions() const override {
    RunConditions c;
    c.source = "scripted monitor";
    c.samples = 3;
    c.core_clock_mhz = Spread{1000, 1500, 1600};
    return c;
  }

 private:
  std::uint64_t n_;
  Fault fault_;
  Hang& hang_;
  int runs_ = 0;
};

class ScriptedBackend final : public Backend {
 public:
  std::map<std::string, Fault> faults;  // by kernel name
  bool can_abort = false;               // like a GPU that can reset its stream
  Hang hang;
  std::string_view name() const override { return "cpu"; }
  std::vector<DeviceInfo> devices() override { return {device()}; }
  static DeviceInfo device() {
    DeviceInfo d;
    d.id = "cpu:0";
    d.backend = "cpu";
    d.name = "scripted";
    return d;
  }
  bool supports(const KernelDecl& k, DType t) const override {
    return t == DType::fp64 && k.family != Family::intensity;
  }
  std::uint64_t default_array_bytes(const DeviceInfo&) const override { return 1 << 20; }
  std::uint64_t default_multiply_adds(const DeviceInfo&, const KernelDecl&, DType) const override {
    return 1000;
  }
  std::unique_ptr<PreparedCase> prepare(const DeviceInfo&, const CaseSpec& spec) override {
    const auto it = faults.find(spec.kernel->name);
    const Fault f = it == faults.end() ? Fault::none : it->second;
    if (f == Fault::skip) throw SkipCase("cannot allocate 3 arrays");
    return std::make_unique<ScriptedCase>(
        spec.array_elements != 0 ? spec.array_elements : spec.multiply_adds, f, hang);
  }
  bool abort_running() override {
    if (can_abort) hang.abort();
    return can_abort;
  }
};

struct Outcome {
  HarnessSummary summary;
  std::vector<BenchmarkRecord> records;
};

HarnessOptions quick_options(int repetitions = 3) {
  HarnessOptions options;
  options.repetitions = repetitions;
  options.min_sample_seconds = 0.0035;
  return options;
}

std::vector<PlannedCase> default_plan(const ScriptedBackend& backend) {
  return plan_suite(backend, ScriptedBackend::device(), {Suite::standard, std::nullopt});
}

Outcome run_with(ScriptedBackend& backend, const HarnessOptions& options,
                 HarnessCallbacks callbacks = {}) {
  const DeviceInfo device = ScriptedBackend::device();
  const auto plan = default_plan(backend);
  Outcome out;
  callbacks.on_record = [&](const BenchmarkRecord& r) { out.records.push_back(r); };
  out.summary = run_cases(backend, device, plan, options, callbacks);
  return out;
}

Outcome run_with(ScriptedBackend& backend, int repetitions = 3) {
  return run_with(backend, quick_options(repetitions));
}

const BenchmarkRecord& find(const Outcome& o, const std::string& name) {
  for (const auto& r : o.records)
    if (r.name == name) return r;
  throw std::runtime_error("no record " + name);
}

TEST(Harness, KeepsEverySampleAndDeclaredWork) {
  ScriptedBackend backend;
  const Outcome o = run_with(backend, 4);
  // Every planned case (the fp64 memory kernels and peak_fma), once, in plan order.
  const auto plan = default_plan(backend);
  ASSERT_EQ(o.records.size(), plan.size());
  for (std::size_t i = 0; i < plan.size(); ++i) EXPECT_EQ(o.records[i].name, plan[i].name);
  EXPECT_EQ(o.summary.ok, plan.size());
  const auto& triad = find(o, "triad/fp64");
  EXPECT_EQ(triad.status, BenchStatus::ok);
  ASSERT_EQ(triad.sample_seconds.size(), 4u);
  EXPECT_EQ(triad.calls_per_sample, 4);  // 1 ms per call, samples of at least 4 ms
  EXPECT_DOUBLE_EQ(triad.sample_seconds[0], 1e-3);
  EXPECT_DOUBLE_EQ(triad.bytes_per_call, 24.0 * (1 << 17));
  EXPECT_EQ(triad.verification.verdict, Verdict::pass);
  EXPECT_EQ(triad.unit, RateUnit::gigabytes);
  EXPECT_EQ(number_param(triad.params, "threads"), 1.0);
  // What the case cost on the wall clock, from first call to verification: at least the
  // samples (4 x 4 calls of 1 ms reported; the scripted kernel itself takes no time).
  ASSERT_TRUE(triad.wall_seconds.has_value());
  EXPECT_GT(*triad.wall_seconds, 0);
  if (triad.host_busy_share) {  // unknown when too short for clock-tick accounting
    EXPECT_GE(*triad.host_busy_share, 0);
    EXPECT_LE(*triad.host_busy_share, 1);
  }
}

TEST(Harness, WrongResultFailsOnlyThatBenchmark) {
  ScriptedBackend backend;
  backend.faults["copy"] = Fault::wrong_result;
  const Outcome o = run_with(backend);
  const auto& copy = find(o, "copy/fp64");
  EXPECT_EQ(copy.status, BenchStatus::failed);
  EXPECT_NE(copy.reason.find("verification failed"), std::string::npos);
  EXPECT_EQ(copy.verification.verdict, Verdict::fail);
  EXPECT_EQ(o.summary.failed, 1u);
  EXPECT_EQ(o.summary.ok, default_plan(backend).size() - 1);
}

TEST(Harness, SkipAndLaunchFailureCarryTheirReason) {
  ScriptedBackend backend;
  backend.faults["add"] = Fault::skip;
  backend.faults["scale"] = Fault::throw_on_run;
  const Outcome o = run_with(backend);
  EXPECT_EQ(find(o, "add/fp64").status, BenchStatus::skipped);
  EXPECT_EQ(find(o, "add/fp64").reason, "cannot allocate 3 arrays");
  EXPECT_EQ(find(o, "scale/fp64").status, BenchStatus::failed);
  EXPECT_EQ(find(o, "scale/fp64").reason, "launch failed");
  EXPECT_EQ(find(o, "triad/fp64").status, BenchStatus::ok);
}

TEST(Harness, LostDeviceSkipsTheRest) {
  ScriptedBackend backend;
  backend.faults["copy"] = Fault::device_lost;  // third in run order
  const Outcome o = run_with(backend);
  EXPECT_EQ(find(o, "read/fp64").status, BenchStatus::ok);
  EXPECT_EQ(find(o, "copy/fp64").status, BenchStatus::failed);
  EXPECT_EQ(find(o, "triad/fp64").status, BenchStatus::skipped);
  EXPECT_NE(find(o, "peak_fma/fp64").reason.find("device was lost"), std::string::npos);
}

TEST(Harness, RateAboveThePhysicalLimitFailsInsteadOfPrintingIt) {
  ScriptedBackend backend;
  backend.faults["peak_fma"] = Fault::too_fast;
  const Outcome o = run_with(backend);
  const auto& peak = find(o, "peak_fma/fp64");
  EXPECT_EQ(peak.status, BenchStatus::failed);
  EXPECT_EQ(peak.reason.rfind("exceeds the physical limit (0.001 GFLOP/s, scripted limit)", 0), 0u)
      << peak.reason;
  // 2000 flop per 1 ms call is 0.002 GFLOP/s; the scripted limit is half of it.
  EXPECT_DOUBLE_EQ(*peak.physical_limit, 0.001);
  EXPECT_EQ(text_param(peak.params, param_keys::kPhysicalLimitBasis), "scripted limit");
  // Within the limit: recorded beside the rate, nothing failed.
  const auto& triad = find(o, "triad/fp64");
  EXPECT_EQ(triad.status, BenchStatus::ok);
  ASSERT_TRUE(triad.physical_limit.has_value());
  EXPECT_NEAR(*triad.physical_limit / triad.median_rate(), 10.0, 1e-9);
  // No arithmetic declared (copy): an operations limit does not apply.
  EXPECT_EQ(find(o, "copy/fp64").flops_per_call, 0.0);
  EXPECT_FALSE(find(o, "copy/fp64").physical_limit.has_value());
}

TEST(Harness, RecordsTheConditionsTheCaseSawUnderLoad) {
  ScriptedBackend backend;
  const Outcome o = run_with(backend);
  const auto& peak = find(o, "peak_fma/fp64");
  ASSERT_TRUE(peak.conditions.has_value());
  EXPECT_EQ(peak.conditions->source, "scripted monitor");
  EXPECT_EQ(peak.conditions->core_clock_mhz, (Spread{1000, 1500, 1600}));
}

TEST(Harness, StopRequestEndsTheRunAndDropsUnmeasuredCases) {
  ScriptedBackend backend;
  request_stop();
  const Outcome o = run_with(backend);
  clear_stop_request();
  EXPECT_TRUE(o.summary.interrupted);
  EXPECT_TRUE(o.records.empty());
}

TEST(HarnessTimeLimit, CaseTheBackendAbortsIsTimedOutAndTheRunGoesOn) {
  ScriptedBackend backend;
  backend.faults["copy"] = Fault::hang;
  backend.can_abort = true;
  HarnessOptions options = quick_options();
  options.time_limit_seconds = 0.25;
  const Outcome o = run_with(backend, options);
  const auto& copy = find(o, "copy/fp64");
  EXPECT_EQ(copy.status, BenchStatus::failed);
  EXPECT_EQ(copy.reason, "timed out after 0.25 s (kernel aborted)");
  EXPECT_EQ(find(o, "triad/fp64").status, BenchStatus::ok);
  EXPECT_EQ(o.summary.failed, 1u);
  EXPECT_EQ(o.summary.ok, default_plan(backend).size() - 1);
}

TEST(HarnessTimeLimit, SlowCaseIsTimedOutAndTheRunGoesOn) {
  ScriptedBackend backend;
  backend.faults["scale"] = Fault::slow;  // 40 ms per call, 10 samples: past 0.2 s
  HarnessOptions options = quick_options(10);
  options.time_limit_seconds = 0.2;
  const Outcome o = run_with(backend, options);
  const auto& scale = find(o, "scale/fp64");
  EXPECT_EQ(scale.status, BenchStatus::failed);
  EXPECT_EQ(scale.reason, "timed out after 0.2 s");
  EXPECT_LT(scale.sample_seconds.size(), 10u);
  EXPECT_EQ(o.summary.ok, default_plan(backend).size() - 1);
}

TEST(HarnessTimeLimitDeathTest, HangTheBackendCannotAbortEndsTheProcess) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  auto hang_forever = [] {
    ScriptedBackend backend;
    backend.faults["copy"] = Fault::hang;
    HarnessOptions options = quick_options();
    options.time_limit_seconds = 0.2;
    HarnessCallbacks callbacks;
    callbacks.on_hung = [](const BenchmarkRecord& r) {
      std::fprintf(stderr, "hung: %s %s\n", r.name.c_str(), r.reason.c_str());
    };
    run_with(backend, options, callbacks);
  };
  EXPECT_EXIT(hang_forever(), testing::ExitedWithCode(kHungExitCode),
              "hung: copy/fp64 timed out after 0.2 s");
}

TEST(SuitePlan, NamesHoldKernelDtypeAndParameters) {
  ScriptedBackend backend;
  const auto plan = plan_suite(backend, ScriptedBackend::device(), {Suite::full, 1 << 22});
  ASSERT_FALSE(plan.empty());
  EXPECT_EQ(plan.front().name, "read/fp64");
  for (const auto& c : plan) {
    EXPECT_EQ(c.name.find("cpu"), std::string::npos);
    // The DRAM kernels run at their arrays; the working sets are cache_read's and chase's.
    EXPECT_EQ(c.name.find("array_bytes:"), std::string::npos) << c.name;
  }
}

// Every kernel and dtype, one launch-shape variant per memory kernel: what a GPU plans.
class EveryKernelBackend final : public Backend {
 public:
  std::string_view name() const override { return "cuda"; }
  std::vector<DeviceInfo> devices() override { return {device()}; }
  static DeviceInfo device() {
    DeviceInfo d = ScriptedBackend::device();
    d.caches = {{1, "data", 32 * 1024, 1, 4}, {2, "unified", 1 << 20, 4, 1}};
    return d;
  }
  bool supports(const KernelDecl&, DType) const override { return true; }
  std::uint64_t default_array_bytes(const DeviceInfo&) const override { return 1 << 20; }
  std::uint64_t default_multiply_adds(const DeviceInfo&, const KernelDecl&, DType) const override {
    return 1000;
  }
  std::vector<Params> launch_option_sweep(const KernelDecl& k, DType) const override {
    if (k.family != Family::memory || k.working_set_sweep) return {};
    return {{{param_keys::kUnroll, 1}}};
  }
  std::unique_ptr<PreparedCase> prepare(const DeviceInfo&, const CaseSpec&) override {
    return nullptr;
  }
};

int count_named(const std::vector<PlannedCase>& plan, const std::string& part) {
  return static_cast<int>(std::count_if(plan.begin(), plan.end(), [&](const PlannedCase& c) {
    return c.name.find(part) != std::string::npos;
  }));
}

TEST(SuitePlan, WorkingSetsRunFromInsideL1ToFourTimesTheLastLevel) {
  const auto sizes = working_set_sweep(EveryKernelBackend::device());
  ASSERT_FALSE(sizes.empty());
  EXPECT_EQ(sizes.front(), 16u * 1024);
  EXPECT_EQ(sizes.back(), 4u << 20);  // 4 x the 1 MiB L2
  EXPECT_NE(std::find(sizes.begin(), sizes.end(), 64u * 1024), sizes.end());
  for (std::size_t i = 1; i < sizes.size(); ++i) EXPECT_GT(sizes[i], sizes[i - 1]);
  // A device that reports no cache is swept to 4 x 32 MiB.
  EXPECT_EQ(working_set_sweep(DeviceInfo{}).back(), 128u << 20);
}

TEST(SuitePlan, SweepsAreFullSuiteOnlyAndDefaultCopiesArePinnedByTheCopyEngine) {
  EveryKernelBackend backend;
  const auto standard =
      plan_suite(backend, EveryKernelBackend::device(), {Suite::standard, 1 << 22});
  EXPECT_EQ(count_named(standard, "cache_read/"), 0);
  EXPECT_EQ(count_named(standard, "chase/"), 0);
  EXPECT_EQ(count_named(standard, "/unroll:"), 0);
  EXPECT_EQ(count_named(standard, "intensity/fp16/"), 0);
  EXPECT_EQ(count_named(standard, "/host:"), 3);  // h2d, d2h, bidir
  EXPECT_EQ(count_named(standard, "/host:pinned/engine:ce"), 3);

  const auto full = plan_suite(backend, EveryKernelBackend::device(), {Suite::full, 1 << 22});
  const auto points = static_cast<int>(working_set_sweep(EveryKernelBackend::device()).size());
  EXPECT_EQ(count_named(full, "cache_read/fp32/working_set:"), points);
  EXPECT_EQ(count_named(full, "chase/int32/working_set:"), points);
  EXPECT_EQ(count_named(full, "/host:"), 8);  // bidir has no pageable copy
  EXPECT_GT(count_named(full, "intensity/fp16/ai:"), 0);
  for (const PlannedCase& c : full) {
    if (c.name.find("/working_set:") != std::string::npos) {
      EXPECT_EQ(text_param(c.params, param_keys::kSweep), param_keys::kWorkingSetSweep) << c.name;
    }
    if (c.name.find("/unroll:") != std::string::npos) {
      EXPECT_EQ(text_param(c.params, param_keys::kSweep), param_keys::kLaunchShapeSweep) << c.name;
      EXPECT_EQ(number_param(c.spec.options, param_keys::kUnroll), 1) << c.name;
    }
    if (c.spec.kernel->family == Family::intensity && c.spec.dtype == DType::bf16) {
      EXPECT_EQ(c.spec.intensity.fmas_num % 2, 0) << c.name;  // whole walk steps
      EXPECT_LE(c.spec.intensity.fmas_num, kernels::intensity_max_fmas(DType::bf16)) << c.name;
    }
  }
}

TEST(SuitePlan, IntensityPointsCoverOneEighthAndUp) {
  EXPECT_EQ(intensity_for(0.125, DType::fp64).fmas_num, 1);
  const IntensityParams half = intensity_for(0.125, DType::fp32);
  EXPECT_EQ(half.fmas_num, 1);
  EXPECT_EQ(half.fmas_den, 2);
  EXPECT_EQ(intensity_for(256, DType::fp32).fmas_num, 1024);
  EXPECT_EQ(intensity_for(256, DType::fp64).fmas_num, 2048);
}

}  // namespace
}  // namespace ridgeline
