// The harness against a scripted backend: how faults become records.
#include "harness.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "stop_request.hpp"
#include "suite_plan.hpp"

namespace ridgeline {
namespace {

enum class Fault { none, wrong_result, skip, throw_on_run, device_lost };

class ScriptedCase final : public PreparedCase {
 public:
  ScriptedCase(std::uint64_t n, Fault fault) : n_(n), fault_(fault) {}
  std::uint64_t elements() const override { return n_; }
  double run(int calls) override {
    if (fault_ == Fault::throw_on_run && ++runs_ > 2) throw std::runtime_error("launch failed");
    if (fault_ == Fault::device_lost && ++runs_ > 2) throw DeviceLost("illegal address");
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
  std::map<std::string, std::string> configuration() const override { return {{"threads", "1"}}; }

 private:
  std::uint64_t n_;
  Fault fault_;
  int runs_ = 0;
};

class ScriptedBackend final : public Backend {
 public:
  std::map<std::string, Fault> faults;  // by kernel name
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
  std::uint64_t default_compute_elements(const DeviceInfo&, DType) const override { return 1000; }
  std::unique_ptr<PreparedCase> prepare(const DeviceInfo&, const CaseSpec& spec) override {
    const auto it = faults.find(spec.kernel->name);
    const Fault f = it == faults.end() ? Fault::none : it->second;
    if (f == Fault::skip) throw SkipCase("cannot allocate 3 arrays");
    return std::make_unique<ScriptedCase>(spec.elements, f);
  }
};

struct Outcome {
  HarnessSummary summary;
  std::vector<BenchmarkRecord> records;
};

Outcome run_with(ScriptedBackend& backend, int repetitions = 3) {
  const DeviceInfo device = ScriptedBackend::device();
  const auto plan = plan_suite(backend, device, {Suite::standard, std::nullopt});
  Outcome out;
  HarnessOptions options;
  options.repetitions = repetitions;
  options.min_sample_seconds = 0.0035;
  out.summary = run_cases(backend, device, plan, options,
                          {{}, [&](const BenchmarkRecord& r) { out.records.push_back(r); }});
  return out;
}

const BenchmarkRecord& find(const Outcome& o, const std::string& name) {
  for (const auto& r : o.records)
    if (r.name == name) return r;
  throw std::runtime_error("no record " + name);
}

TEST(Harness, KeepsEverySampleAndDeclaredWork) {
  ScriptedBackend backend;
  const Outcome o = run_with(backend, 4);
  EXPECT_EQ(o.records.size(), 8u);  // 7 memory kernels + peak_fma, fp64 only
  EXPECT_EQ(o.summary.ok, 8u);
  const auto& triad = find(o, "triad/fp64");
  EXPECT_EQ(triad.status, BenchStatus::ok);
  ASSERT_EQ(triad.sample_seconds.size(), 4u);
  EXPECT_EQ(triad.calls_per_sample, 4);  // 1 ms per call, samples of at least 4 ms
  EXPECT_DOUBLE_EQ(triad.sample_seconds[0], 1e-3);
  EXPECT_DOUBLE_EQ(triad.bytes_per_call, 24.0 * (1 << 17));
  EXPECT_EQ(triad.verification.verdict, Verdict::pass);
  EXPECT_EQ(triad.unit, "GB/s");
  EXPECT_EQ(triad.params.at("threads"), "1");
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
  EXPECT_EQ(o.summary.ok, 7u);
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

TEST(Harness, StopRequestEndsTheRunAndDropsUnmeasuredCases) {
  ScriptedBackend backend;
  request_stop();
  const Outcome o = run_with(backend);
  clear_stop_request();
  EXPECT_TRUE(o.summary.interrupted);
  EXPECT_TRUE(o.records.empty());
}

TEST(SuitePlan, NamesHoldKernelDtypeAndParameters) {
  ScriptedBackend backend;
  const auto plan = plan_suite(backend, ScriptedBackend::device(), {Suite::full, 1 << 22});
  ASSERT_FALSE(plan.empty());
  EXPECT_EQ(plan.front().name, "read/fp64");
  bool saw_sweep = false;
  for (const auto& c : plan) {
    EXPECT_EQ(c.name.find("cpu"), std::string::npos);
    if (c.name.find("array_bytes:") != std::string::npos) {
      saw_sweep = true;
      EXPECT_EQ(c.params.at("sweep"), "working_set");
      EXPECT_LT(c.array_bytes, 1u << 22);
    }
  }
  EXPECT_TRUE(saw_sweep);
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
