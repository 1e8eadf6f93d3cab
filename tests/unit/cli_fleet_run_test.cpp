// `run --device cuda:all` without GPUs: three devices of a fake backend (one of them slower)
// measured by the real multi-device runner, at once and one after another; and the pieces
// a run shares with fleet runs (pass merging, durations, file names).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "cli/all_devices_run.hpp"
#include "cli/duration_argument.hpp"
#include "cli/exit_codes.hpp"
#include "cli/fleet_file_name.hpp"
#include "cli/percent_argument.hpp"
#include "cli/run_metadata.hpp"
#include "cli/run_session.hpp"
#include "results/result_reader.hpp"

namespace ridgeline::cli {
namespace {

using Clock = std::chrono::steady_clock;

double last_sample_end(const ResultFile& f) {
  double last = 0;
  for (const auto& r : f.benchmarks)
    for (double t : r.sample_end_seconds) last = std::max(last, t);
  return last;
}

// When each device ran each case: (device id, case name) -> first start, last end.
struct Timeline {
  std::mutex mutex;
  std::map<std::pair<std::string, std::string>, std::pair<Clock::time_point, Clock::time_point>>
      spans;
  void note(const std::string& device, const std::string& name, Clock::time_point start) {
    std::lock_guard lock(mutex);
    auto [it, added] = spans.try_emplace({device, name}, start, Clock::now());
    if (!added) it->second.second = Clock::now();
  }
};

class SleepingCase final : public PreparedCase {
 public:
  SleepingCase(std::uint64_t n, double speed, std::string device, std::string name,
               Timeline& timeline)
      : n_(n),
        speed_(speed),
        device_(std::move(device)),
        name_(std::move(name)),
        timeline_(timeline) {}
  std::uint64_t work_count() const override { return n_; }
  double run(int calls) override {
    const auto start = Clock::now();
    const double seconds = 0.002 * calls / speed_;
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    timeline_.note(device_, name_, start);
    return seconds;
  }
  Verification verify() override {
    Verification v;
    v.verdict = Verdict::pass;
    v.checked = 1;
    return v;
  }
  Params configuration() const override { return {}; }
  void plant_wrong_value() override {}

 private:
  std::uint64_t n_;
  double speed_;
  std::string device_, name_;
  Timeline& timeline_;
};

// Three "GPUs"; fake:2 runs at 60% of the others' rate.
class FakeGpus final : public Backend {
 public:
  Timeline timeline;
  std::string_view name() const override { return "fake"; }
  std::vector<DeviceInfo> devices() override {
    std::vector<DeviceInfo> out;
    for (int i = 0; i < 3; ++i) {
      DeviceInfo d;
      d.id = "fake:" + std::to_string(i);
      d.backend = "fake";
      d.name = "Fake GPU";
      out.push_back(d);
    }
    return out;
  }
  bool supports(const KernelDecl& k, DType t) const override {
    return k.family == Family::compute && std::string_view(k.name) == "peak_fma" &&
           (t == DType::fp64 || t == DType::fp32);
  }
  std::uint64_t default_array_bytes(const DeviceInfo&) const override { return 1 << 20; }
  std::uint64_t default_multiply_adds(const DeviceInfo&, const KernelDecl&, DType) const override {
    return 1000000;
  }
  std::unique_ptr<PreparedCase> prepare(const DeviceInfo& d, const CaseSpec& spec) override {
    const double speed = d.id == "fake:2" ? 0.6 : 1.0;
    return std::make_unique<SleepingCase>(
        spec.multiply_adds, speed, d.id,
        std::string(spec.kernel->name) + "/" + std::string(to_string(spec.dtype)), timeline);
  }
};

class AllDevices : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ridgeline-all-devices-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    for (auto& d : backend_.devices()) targets_.push_back({&backend_, d});
    request_.device = "fake:all";
    request_.suite_name = "quick";
    request_.plan.suite = Suite::quick;
    request_.out_dir = dir_.string();
    request_.session.harness.repetitions = 3;
    request_.session.harness.min_sample_seconds = 0.004;
    request_.session.harness.time_limit_seconds = 60;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  ResultFile file_of(int device) {
    auto loaded = load_result_file(dir_ / ("host-fake" + std::to_string(device) + ".json"));
    EXPECT_TRUE(std::holds_alternative<ResultFile>(loaded));
    return std::get<ResultFile>(loaded);
  }

  FakeGpus backend_;
  std::vector<DeviceTarget> targets_;
  RunRequest request_;
  std::filesystem::path dir_;
};

TEST_F(AllDevices, EveryDeviceStartsEachBenchmarkTogetherAndTheSlowOneIsNamed) {
  const int code = run_all_devices(targets_, request_, "host");
  EXPECT_EQ(code, kExitFailures) << "fake:2 is 40% slower: the fleet is SLOW";
  for (int i = 0; i < 3; ++i) {
    const ResultFile f = file_of(i);
    ASSERT_TRUE(f.placement.has_value());
    EXPECT_EQ(f.placement->launcher, Launcher::threads);
    EXPECT_EQ(f.placement->rank, i);
    EXPECT_EQ(f.placement->world_size, 3);
    EXPECT_EQ(f.placement->coordination, Coordination::barrier);
    EXPECT_EQ(f.run.status, RunStatus::complete);
    EXPECT_EQ(f.benchmarks.size(), 2u);
  }
  // The barrier: no device starts peak_fma/fp32 before every device finished peak_fma/fp64.
  Clock::time_point last_end_first{}, first_start_second = Clock::time_point::max();
  for (int i = 0; i < 3; ++i) {
    const std::string id = "fake:" + std::to_string(i);
    last_end_first =
        std::max(last_end_first, backend_.timeline.spans.at({id, "peak_fma/fp64"}).second);
    first_start_second =
        std::min(first_start_second, backend_.timeline.spans.at({id, "peak_fma/fp32"}).first);
  }
  EXPECT_GE(first_start_second, last_end_first);
  const auto summary = load_result_file(dir_ / "fleet-summary.json");
  EXPECT_TRUE(std::holds_alternative<LoadError>(summary)) << "the summary is no result file";
}

TEST_F(AllDevices, SequentialRunsOneDeviceAfterAnother) {
  request_.sequential = true;
  run_all_devices(targets_, request_, "host");
  const auto& spans = backend_.timeline.spans;
  EXPECT_GE(spans.at({"fake:1", "peak_fma/fp64"}).first,
            spans.at({"fake:0", "peak_fma/fp32"}).second);
  EXPECT_EQ(file_of(1).placement->coordination, Coordination::sequential);
}

TEST_F(AllDevices, OneFileOnlyIsRefused) {
  request_.out = "one.json";
  EXPECT_THROW(run_all_devices(targets_, request_, "host"), UsageError);
}

TEST(RunSession, LaterPassesAppendTheirSamplesAndAFailureSticks) {
  BenchmarkRecord first;
  first.name = "triad/fp64";
  first.sample_seconds = {1, 2};
  first.sample_end_seconds = {10, 11};
  BenchmarkRecord second = first;
  second.sample_seconds = {3};
  second.sample_end_seconds = {70};
  merge_pass(first, second, 2);
  EXPECT_EQ(first.sample_seconds, (std::vector<double>{1, 2, 3}));
  EXPECT_EQ(first.sample_end_seconds, (std::vector<double>{10, 11, 70}));
  EXPECT_EQ(number_param(first.params, param_keys::kPasses), 2.0);
  BenchmarkRecord broken = second;
  broken.status = BenchStatus::failed;
  broken.reason = "verification failed: element 3";
  merge_pass(first, broken, 3);
  EXPECT_EQ(first.status, BenchStatus::failed);
  EXPECT_EQ(first.reason, "pass 3: verification failed: element 3");
}

TEST_F(AllDevices, ASustainedSessionRepeatsTheSuiteUntilItsTimeIsUp) {
  std::filesystem::create_directories(dir_);
  const DeviceInfo device = targets_.front().device;
  PlanRequest plan_request = request_.plan;
  std::vector<PlanPart> parts{{&backend_, plan_suite(backend_, device, plan_request)}};
  ASSERT_EQ(parts.front().plan.size(), 2u);
  ResultWriter writer(dir_ / "sustained.json", run_header(device, "quick", 3, "test"));
  SessionOptions options = request_.session;
  options.duration_seconds = 0.3;
  options.trace_interval_seconds = 0.05;
  options.progress = Progress::quiet;
  const auto started = std::chrono::steady_clock::now();
  const SessionResult result = run_session(device, parts, writer, options, {});
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_EQ(result.status, RunStatus::complete);
  EXPECT_GE(result.passes, 2);
  // Only passes that measured something count, in the file as in what the run prints.
  EXPECT_EQ(writer.current().run.passes, result.passes);
  ASSERT_EQ(writer.current().benchmarks.size(), 2u) << "records merged by name";
  for (const auto& r : writer.current().benchmarks) {
    EXPECT_EQ(r.sample_end_seconds.size(), r.sample_seconds.size());
    EXPECT_GE(r.sample_seconds.size(), 3u * static_cast<std::size_t>(result.passes) - 3u);
    EXPECT_TRUE(std::is_sorted(r.sample_end_seconds.begin(), r.sample_end_seconds.end()));
  }
  // A case starts only while the duration lasts, so the session ends after it; the last
  // sample can end just before it (verification and teardown follow the sample).
  EXPECT_GE(wall, 0.3) << "the session stops only once the duration is over";
  EXPECT_GT(last_sample_end(writer.current()), 0.0);
}

TEST(RunArguments, DurationsPercentsAndFileNames) {
  EXPECT_EQ(parse_duration("90s", "--duration"), 90);
  EXPECT_EQ(parse_duration("10m", "--duration"), 600);
  EXPECT_EQ(parse_duration("1.5h", "--duration"), 5400);
  EXPECT_EQ(parse_duration("45", "--duration"), 45);
  for (const char* bad : {"", "m", "0", "-5s", "10x", "8d", "1e9"})
    EXPECT_THROW(parse_duration(bad, "--duration"), UsageError) << bad;
  EXPECT_DOUBLE_EQ(parse_percent("10", "--tolerance"), 0.10);
  EXPECT_DOUBLE_EQ(parse_percent("2.5%", "--tolerance"), 0.025);
  EXPECT_THROW(parse_percent("100", "--tolerance"), UsageError);
  Placement p;
  p.launcher = Launcher::slurm;
  p.rank = 3;
  p.node_name = "gpu07.cluster";
  DeviceInfo d;
  d.id = "cuda:1";
  EXPECT_EQ(fleet_file_name(p, d), "r0003-gpu07.cluster-cuda1.json");
  p.launcher = Launcher::threads;
  EXPECT_EQ(fleet_file_name(p, d), "gpu07.cluster-cuda1.json");
}

}  // namespace
}  // namespace ridgeline::cli
