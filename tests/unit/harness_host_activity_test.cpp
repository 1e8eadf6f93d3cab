// How busy the host is, from the kernel's own accounting files.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "host_activity.hpp"

namespace ridgeline {
namespace {

TEST(HostActivity, LoadAverageIsTheFirstThreeNumbers) {
  EXPECT_EQ(parse_load_avg("0.52 0.48 0.40 1/123 4567\n"), (std::vector<double>{0.52, 0.48, 0.4}));
  EXPECT_TRUE(parse_load_avg("").empty());
  EXPECT_TRUE(parse_load_avg("garbage").empty());
}

TEST(HostActivity, CpuTicksAddBusyStatesAndSteal) {
  // cpu user nice system idle iowait irq softirq steal guest guest_nice
  const auto t =
      parse_cpu_ticks("cpu  100 5 20 800 10 1 2 30 40 0\ncpu0 50 2 10 400 5 0 1 15 20 0\n");
  ASSERT_TRUE(t);
  EXPECT_DOUBLE_EQ(t->busy, 100 + 5 + 20 + 1 + 2 + 30);  // guest is inside user already
  EXPECT_DOUBLE_EQ(t->total, t->busy + 800 + 10);
  EXPECT_FALSE(parse_cpu_ticks("intr 1 2 3\n"));
  EXPECT_FALSE(parse_cpu_ticks(""));
}

TEST(HostActivity, OthersShareIsBusyTimeLessOurOwn) {
  ActivitySnapshot before{CpuTicks{1000, 5000}, 10.0};
  // 200 ticks of capacity (2 s on one 100 Hz CPU, or 1 s on two), 150 of them busy, 0.5 s
  // (50 ticks) of which were this process: others took 100 / 200.
  ActivitySnapshot after{CpuTicks{1150, 5200}, 10.5};
  EXPECT_DOUBLE_EQ(*others_cpu_share(before, after, 100), 0.5);
  // Our accounting a little ahead of the kernel's clock ticks: never below 0.
  ActivitySnapshot ahead{CpuTicks{1100, 5200}, 11.5};
  EXPECT_DOUBLE_EQ(*others_cpu_share(before, ahead, 100), 0.0);
  // Too short to tell at clock-tick resolution, or unreadable: unknown.
  EXPECT_FALSE(others_cpu_share(before, ActivitySnapshot{CpuTicks{1005, 5010}, 10}, 100));
  EXPECT_FALSE(others_cpu_share(ActivitySnapshot{std::nullopt, 0}, after, 100));
}

TEST(HostActivity, GovernorsAreReadPerCoreAndListedOnceEach) {
  const auto root =
      std::filesystem::temp_directory_path() / ("ridgeline-governor-" + std::to_string(::getpid()));
  std::filesystem::remove_all(root);
  auto governor = [&](int cpu, const char* name) {
    const auto dir = root / "sys/devices/system/cpu" / ("cpu" + std::to_string(cpu)) / "cpufreq";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "scaling_governor") << name << "\n";
  };
  EXPECT_EQ(read_cpu_governor(root), "");  // no cpufreq (many VMs): unknown
  governor(0, "performance");
  governor(1, "performance");
  std::filesystem::create_directories(root / "sys/devices/system/cpu/cpufreq");  // not a core
  EXPECT_EQ(read_cpu_governor(root), "performance");
  governor(10, "powersave");
  EXPECT_EQ(read_cpu_governor(root), "performance, powersave");
  std::ofstream(root / "loadavg");
  std::filesystem::create_directories(root / "proc");
  std::ofstream(root / "proc/loadavg") << "1.5 1.0 0.5 2/100 42\n";
  const HostState state = read_host_state(root);
  EXPECT_EQ(state.load_avg, (std::vector<double>{1.5, 1.0, 0.5}));
  EXPECT_EQ(state.cpu_governor, "performance, powersave");
  std::filesystem::remove_all(root);
}

TEST(HostActivity, ThisHostCanBeRead) {
  // Linux: /proc/stat exists and the snapshot carries it (the harness records shares).
  EXPECT_TRUE(take_activity_snapshot().host.has_value());
  EXPECT_GT(clock_ticks_per_second(), 0);
}

}  // namespace
}  // namespace ridgeline
