// How busy the host is, read from the Linux kernel's own accounting: the load average,
// the cores' cpufreq governor, and the CPU time every process together has used
// (/proc/stat), so the share other processes took while a benchmark ran can be
// measured. Parsers take the files' text, readers a root directory (tests use fixtures).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "results/result_model.hpp"

namespace ridgeline {

// "0.52 0.48 0.40 1/123 4567" -> {0.52, 0.48, 0.40}; empty when unreadable.
std::vector<double> parse_load_avg(std::string_view proc_loadavg);

// The aggregate "cpu" line of /proc/stat, in clock ticks.
struct CpuTicks {
  double busy = 0;   // user + nice + system + irq + softirq + steal
  double total = 0;  // busy + idle + iowait
};
std::optional<CpuTicks> parse_cpu_ticks(std::string_view proc_stat);

// The governors of every core, in core order, deduplicated: "performance", or
// "performance, powersave" when they differ; empty when the host exposes no cpufreq.
std::string read_cpu_governor(const std::filesystem::path& root = "/");
HostState read_host_state(const std::filesystem::path& root = "/");

// A moment of the host's CPU accounting and of this process's own CPU time.
struct ActivitySnapshot {
  std::optional<CpuTicks> host;
  double own_cpu_seconds = 0;
};
ActivitySnapshot take_activity_snapshot(const std::filesystem::path& root = "/");

// The share of the host's CPU capacity that other processes used between two snapshots:
// (host busy time - this process's CPU time) / host capacity, clamped to [0, 1]. Unknown
// when /proc/stat could not be read or the interval is under kMinTicks (too short for
// clock-tick resolution).
inline constexpr double kMinTicks = 20;
std::optional<double> others_cpu_share(const ActivitySnapshot& before,
                                       const ActivitySnapshot& after, double ticks_per_second);
double clock_ticks_per_second();

}  // namespace ridgeline
