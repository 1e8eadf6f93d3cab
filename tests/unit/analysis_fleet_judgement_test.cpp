// Fleet verdicts on made-up fleets: a slow device among siblings, an unchanged fleet, a
// rank without a file, a killed rank, failed benchmarks, datasheet floors, a device that
// degrades over a sustained run, and the straggler of a collective.
#include <gtest/gtest.h>

#include "analysis/fleet_judgement.hpp"
#include "catalogue_records.hpp"

namespace ridgeline {
namespace {

using testing::catalogue_record;

// One rank's file: copy and peak_fma at `speed` x the base rate (1.0 = 100 GB/s copy).
ResultFile rank_file(int rank, int world, double speed, const std::string& node = "n0",
                     const std::string& device_name = "Test GPU") {
  ResultFile f;
  f.run.status = RunStatus::complete;
  f.device.id = "cuda:" + std::to_string(rank % 4);
  f.device.backend = "cuda";
  f.device.name = device_name;
  f.host.hostname = node;
  Placement p;
  p.launcher = Launcher::slurm;
  p.rank = rank;
  p.world_size = world;
  p.node_name = node;
  p.job_id = "7.0";
  f.placement = p;
  // 1e9 bytes in 0.01 s is 100 GB/s; 2e10 flops in 0.01 s is 2000 GFLOP/s.
  f.benchmarks.push_back(catalogue_record("copy", "fp64", 1e9, 0, 0.01 / speed));
  f.benchmarks.push_back(catalogue_record("peak_fma", "fp64", 0, 2e10, 0.01 / speed));
  return f;
}

FleetJudgement judge(std::vector<ResultFile> files, FleetOptions options = {},
                     const DatasheetLookup& sheets = {}) {
  std::vector<std::pair<std::string, ResultFile>> named;
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::string name = "r";  // appended, not "r" + ...: GCC 12 warns falsely there (-Wrestrict)
    name += std::to_string(i);
    name += ".json";
    named.emplace_back(std::move(name), std::move(files[i]));
  }
  return judge_fleet(fleet_members(std::move(named)), options, sheets);
}

bool has_reason(const DeviceFinding& d, ReasonKind kind, const std::string& benchmark = "") {
  for (const auto& r : d.reasons)
    if (r.kind == kind && (benchmark.empty() || r.benchmark == benchmark)) return true;
  return false;
}

TEST(FleetJudgement, AnUnchangedFleetPasses) {
  const auto j = judge(
      {rank_file(0, 4, 1.00), rank_file(1, 4, 0.98), rank_file(2, 4, 1.01), rank_file(3, 4, 0.97)});
  EXPECT_EQ(j.overall(), DeviceVerdict::pass);
  ASSERT_EQ(j.benchmarks.size(), 2u);
  EXPECT_NEAR(j.benchmarks[0].median, 99.0, 1e-9);  // copy: 100, 98, 101, 97 GB/s
  EXPECT_NEAR(j.benchmarks[0].best, 101.0, 1e-9);
  for (const auto& n : j.nodes) EXPECT_EQ(n.verdict, DeviceVerdict::pass);
}

TEST(FleetJudgement, ASlowDeviceIsNamedWithItsBenchmarks) {
  const auto j = judge(
      {rank_file(0, 4, 1.00), rank_file(1, 4, 0.99), rank_file(2, 4, 0.70), rank_file(3, 4, 1.01)});
  EXPECT_EQ(j.overall(), DeviceVerdict::slow);
  const DeviceFinding& slow = j.devices[2];
  EXPECT_EQ(slow.verdict, DeviceVerdict::slow);
  EXPECT_TRUE(has_reason(slow, ReasonKind::slow_benchmark, "copy/fp64"));
  EXPECT_TRUE(has_reason(slow, ReasonKind::slow_benchmark, "peak_fma/fp64"));
  const auto& value = *slow.reasons[0].value;
  EXPECT_NEAR(value.ratio_to_best, 0.70 / 1.01, 1e-9);
  EXPECT_TRUE(value.below_best);
  EXPECT_TRUE(value.outlier);
  EXPECT_LT(*value.robust_z, -3.5);
  for (std::size_t d : {0u, 1u, 3u}) EXPECT_EQ(j.devices[d].verdict, DeviceVerdict::pass) << d;
  EXPECT_EQ(j.members[2].label(), "r2 n0 cuda:2");
}

TEST(FleetJudgement, ALatencyIsSlowWhereItIsLongest) {
  // chase: 1e6 loads in 0.1 s is 100 ns per load; rank 2 takes 1.4x as long per load.
  std::vector<ResultFile> files;
  for (int rank = 0; rank < 4; ++rank) {
    ResultFile f = rank_file(rank, 4, 1.0);
    BenchmarkRecord chase =
        catalogue_record("chase", "int32", 0, 0, rank == 2 ? 0.14 : 0.1, "/working_set:65536");
    chase.elements = 1'000'000;
    f.benchmarks.push_back(chase);
    files.push_back(f);
  }
  const auto j = judge(std::move(files));
  EXPECT_EQ(j.devices[2].verdict, DeviceVerdict::slow);
  EXPECT_TRUE(
      has_reason(j.devices[2], ReasonKind::slow_benchmark, "chase/int32/working_set:65536"));
  for (std::size_t d : {0u, 1u, 3u}) EXPECT_EQ(j.devices[d].verdict, DeviceVerdict::pass) << d;
  const auto& chase = j.benchmarks.back();
  EXPECT_NEAR(chase.best, 100.0, 1e-6);  // ns per load: the lowest is the best
  EXPECT_NEAR(chase.worst, 140.0, 1e-6);
}

TEST(FleetJudgement, TheToleranceAloneJudgesTwoDevices) {
  // No MAD with two devices: 15% below the best is SLOW at 10%, not at 20%.
  EXPECT_EQ(judge({rank_file(0, 2, 1.0), rank_file(1, 2, 0.85)}).devices[1].verdict,
            DeviceVerdict::slow);
  FleetOptions loose;
  loose.tolerance = 0.20;
  const auto j = judge({rank_file(0, 2, 1.0), rank_file(1, 2, 0.85)}, loose);
  EXPECT_EQ(j.overall(), DeviceVerdict::pass);
  EXPECT_FALSE(j.benchmarks[0].values[1].robust_z.has_value());
}

TEST(FleetJudgement, TheMadFloorKeepsNearIdenticalDevicesFromOutliers) {
  // Three devices equal to the digit, one 4% lower: MAD is 0, floored at 2% of the median,
  // so z = 0.6745 x -0.04 / 0.02 = -1.35: not an outlier; 4% is inside the tolerance too.
  const auto j = judge(
      {rank_file(0, 4, 1.0), rank_file(1, 4, 1.0), rank_file(2, 4, 1.0), rank_file(3, 4, 0.96)});
  EXPECT_EQ(j.overall(), DeviceVerdict::pass);
  EXPECT_NEAR(*j.benchmarks[0].values[3].robust_z, -1.349, 1e-3);
}

TEST(FleetJudgement, ARankWithoutAFileIsMissing) {
  const auto j = judge({rank_file(0, 4, 1.0), rank_file(1, 4, 1.0), rank_file(3, 4, 1.0)});
  ASSERT_EQ(j.members.size(), 4u);
  EXPECT_EQ(j.members[3].rank, 2);
  EXPECT_FALSE(j.members[3].file.has_value());
  EXPECT_EQ(j.devices[3].verdict, DeviceVerdict::missing);
  EXPECT_TRUE(has_reason(j.devices[3], ReasonKind::no_file));
  EXPECT_EQ(j.overall(), DeviceVerdict::missing);
  EXPECT_EQ(j.members[3].label(), "r2 (no file)");
}

TEST(FleetJudgement, AKilledRankIsMissingAndTheOthersStand) {
  auto killed = rank_file(1, 3, 1.0);
  killed.run.status = RunStatus::incomplete;
  killed.benchmarks.pop_back();  // died during peak_fma
  const auto j = judge({rank_file(0, 3, 1.0), killed, rank_file(2, 3, 1.0)});
  EXPECT_EQ(j.devices[1].verdict, DeviceVerdict::missing);
  EXPECT_TRUE(has_reason(j.devices[1], ReasonKind::run_incomplete));
  EXPECT_TRUE(has_reason(j.devices[1], ReasonKind::missing_benchmark, "peak_fma/fp64"));
  EXPECT_EQ(j.devices[0].verdict, DeviceVerdict::pass);
  EXPECT_EQ(j.devices[2].verdict, DeviceVerdict::pass);
}

TEST(FleetJudgement, AFailedBenchmarkFailsTheDevice) {
  auto broken = rank_file(1, 3, 1.0);
  broken.benchmarks[0].status = BenchStatus::failed;
  broken.benchmarks[0].reason = "verification failed: element 7";
  const auto j = judge({rank_file(0, 3, 1.0), broken, rank_file(2, 3, 1.0)});
  EXPECT_EQ(j.devices[1].verdict, DeviceVerdict::failed);
  EXPECT_EQ(j.overall(), DeviceVerdict::failed);
  EXPECT_EQ(j.benchmarks[0].values.size(), 2u) << "the failed device is not in the median";
}

TEST(FleetJudgement, DeviceKindsAreJudgedApart) {
  // A slower kind is not SLOW against a faster kind; each kind has its own median.
  const auto j = judge({rank_file(0, 4, 1.0, "a", "H100"), rank_file(1, 4, 1.0, "a", "H100"),
                        rank_file(2, 4, 0.5, "b", "A100"), rank_file(3, 4, 0.5, "b", "A100")});
  EXPECT_EQ(j.overall(), DeviceVerdict::pass);
  EXPECT_EQ(j.benchmarks.size(), 4u);
  EXPECT_EQ(j.notes.size(), 1u);
}

TEST(FleetJudgement, NodesTakeTheirWorstDevice) {
  const auto j = judge({rank_file(0, 4, 1.0, "a"), rank_file(1, 4, 1.0, "a"),
                        rank_file(2, 4, 1.0, "b"), rank_file(3, 4, 0.6, "b")});
  ASSERT_EQ(j.nodes.size(), 2u);
  EXPECT_EQ(j.nodes[0].verdict, DeviceVerdict::pass);
  EXPECT_EQ(j.nodes[1].node, "b");
  EXPECT_EQ(j.nodes[1].verdict, DeviceVerdict::slow);
}

TEST(FleetJudgement, FloorsCompareCeilingsWithTheDatasheet) {
  ResultFile sheet;
  sheet.kind = FileKind::datasheet;
  Datasheet d;
  d.id = "test-gpu";
  d.memory_bandwidth_tbps = 0.2;  // 200 GB/s
  d.peak_tflops["fp64"] = 2.0;    // 2000 GFLOP/s
  sheet.datasheet = d;
  const DatasheetLookup lookup = [&](const DeviceInfo&) {
    return std::optional<ResultFile>(sheet);
  };
  FleetOptions options;
  options.floor = 0.9;
  // copy reaches 100 GB/s of 200: below 0.9 x; peak 2000 of 2000: fine.
  const auto j = judge({rank_file(0, 2, 1.0), rank_file(1, 2, 1.0)}, options, lookup);
  ASSERT_EQ(j.floors.size(), 4u);
  EXPECT_TRUE(j.floors[0].below);
  EXPECT_EQ(j.floors[0].ceiling, "memory bandwidth");
  EXPECT_FALSE(j.floors[1].below);
  EXPECT_EQ(j.devices[0].verdict, DeviceVerdict::slow);
  EXPECT_TRUE(has_reason(j.devices[0], ReasonKind::below_floor, "memory bandwidth"));
  // Without a datasheet the floor is not applied, and the judgement says so.
  const auto none = judge({rank_file(0, 1, 1.0)}, options, {});
  EXPECT_EQ(none.overall(), DeviceVerdict::pass);
  ASSERT_EQ(none.notes.size(), 1u);
  EXPECT_NE(none.notes[0].find("no datasheet matches Test GPU"), std::string::npos);
}

TEST(FleetJudgement, ADeviceThatDegradesIsSlow) {
  auto sustained = [](double last_speed) {
    auto f = rank_file(0, 1, 1.0);
    f.run.duration_seconds = 20;  // windows of 5 s
    auto& r = f.benchmarks[0];
    r.sample_seconds.clear();
    r.sample_end_seconds.clear();
    for (int s = 0; s <= 20; ++s) {
      const double speed = s < 10 ? 1.0 : last_speed;
      r.sample_seconds.push_back(0.01 / speed);
      r.sample_end_seconds.push_back(s);
    }
    return f;
  };
  const auto steady = judge({sustained(0.99)});
  ASSERT_EQ(steady.drifts.size(), 1u);
  EXPECT_NEAR(steady.drifts[0].drift.change(), -0.01, 1e-9);
  EXPECT_EQ(steady.overall(), DeviceVerdict::pass);
  const auto degrading = judge({sustained(0.8)});
  EXPECT_NEAR(degrading.drifts[0].drift.change(), -0.2, 1e-9);
  EXPECT_EQ(degrading.overall(), DeviceVerdict::slow);
  EXPECT_TRUE(has_reason(degrading.devices[0], ReasonKind::degrades, "copy/fp64"));
}

ResultFile with_collective(int rank, double in_call_seconds) {
  auto f = rank_file(rank, 4, 1.0);
  auto r = catalogue_record("all_reduce", "fp32", 1048576, 0, 0.001, "/bytes:1048576");
  r.params[param_keys::kTransport] = "mpi";
  r.params[param_keys::kCollectiveRanks] = "0-3";
  r.params[param_keys::kBusFactor] = 1.5;
  r.params[param_keys::kInCallSeconds] = in_call_seconds;
  f.benchmarks.push_back(r);
  return f;
}

TEST(FleetJudgement, TheStragglerOfACollectiveIsNamed) {
  // Ranks 0, 1, 3 wait 0.35 ms of each 1 ms call for rank 2.
  const auto j = judge({with_collective(0, 0.00095), with_collective(1, 0.00096),
                        with_collective(2, 0.00060), with_collective(3, 0.00094)});
  ASSERT_EQ(j.collectives.size(), 1u);
  const CollectiveFinding& c = j.collectives[0];
  EXPECT_EQ(c.straggler, 2u);
  EXPECT_NEAR(c.lateness, 0.35, 1e-9);
  EXPECT_TRUE(c.slow);
  EXPECT_NEAR(c.algbw, 1.048576, 1e-9);
  EXPECT_NEAR(c.busbw, 1.048576 * 1.5, 1e-9);
  EXPECT_EQ(c.transport, "mpi");
  EXPECT_EQ(j.devices[2].verdict, DeviceVerdict::slow);
  EXPECT_TRUE(has_reason(j.devices[2], ReasonKind::straggler));
  EXPECT_EQ(j.benchmarks.size(), 2u) << "collectives are not judged as device rates";
}

TEST(FleetJudgement, NoiseInsideTheCallsIsNoStraggler) {
  // Descheduled ranks on an oversubscribed node: in-call times spread widely, the
  // smallest is not set apart from the others.
  const auto j = judge({with_collective(0, 0.0009), with_collective(1, 0.0006),
                        with_collective(2, 0.0005), with_collective(3, 0.0008)});
  EXPECT_EQ(j.collectives[0].straggler, 2u);
  EXPECT_FALSE(j.collectives[0].slow);
  EXPECT_EQ(j.overall(), DeviceVerdict::pass);
}

}  // namespace
}  // namespace ridgeline
