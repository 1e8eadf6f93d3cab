// The CPU's hardware state for sustained runs, from a fake procfs and sysfs.
#include "backends/cpu/cpu_monitor.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace ridgeline::cpu {
namespace {

class FakeRoot {
 public:
  FakeRoot()
      : root_(std::filesystem::temp_directory_path() /
              ("ridgeline-cpu-monitor-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(root_);
  }
  ~FakeRoot() { std::filesystem::remove_all(root_); }
  void write(const std::string& path, const std::string& text) {
    const auto file = root_ / path;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file) << text;
  }
  const std::filesystem::path& path() const { return root_; }

 private:
  std::filesystem::path root_;
};

TEST(CpuMonitor, MeanClockPackageTemperatureAndThrottleEvents) {
  FakeRoot root;
  root.write("proc/cpuinfo",
             "processor\t: 0\ncpu MHz\t\t: 2000.0\nprocessor\t: 1\ncpu MHz\t\t: 3000.0\n");
  root.write("sys/class/thermal/thermal_zone0/type", "acpitz\n");
  root.write("sys/class/thermal/thermal_zone0/temp", "40000\n");
  root.write("sys/class/thermal/thermal_zone1/type", "x86_pkg_temp\n");
  root.write("sys/class/thermal/thermal_zone1/temp", "71500\n");
  root.write("sys/devices/system/cpu/cpu0/thermal_throttle/core_throttle_count", "3\n");
  root.write("sys/devices/system/cpu/cpu1/thermal_throttle/core_throttle_count", "0\n");
  CpuMonitor monitor(root.path());
  const HardwareSample first = monitor.sample();
  EXPECT_EQ(first.core_clock_mhz, 2500.0);
  EXPECT_EQ(first.temperature_c, 71.5) << "the package sensor, not the first zone";
  EXPECT_TRUE(first.throttle_reasons.empty()) << "no earlier count to compare with";
  EXPECT_TRUE(monitor.sample().throttle_reasons.empty()) << "the count did not rise";
  root.write("sys/devices/system/cpu/cpu1/thermal_throttle/core_throttle_count", "2\n");
  EXPECT_EQ(monitor.sample().throttle_reasons, std::vector<std::string>{"thermal"});
}

TEST(CpuMonitor, WhatAMachineDoesNotExposeStaysAbsent) {
  FakeRoot root;
  root.write("proc/cpuinfo", "processor\t: 0\n");  // a VM without cpu MHz or thermal zones
  CpuMonitor monitor(root.path());
  const HardwareSample s = monitor.sample();
  EXPECT_FALSE(s.core_clock_mhz.has_value());
  EXPECT_FALSE(s.temperature_c.has_value());
  EXPECT_FALSE(s.power_w.has_value());
}

}  // namespace
}  // namespace ridgeline::cpu
