// The host CPU's state for a sustained run's trace, from procfs and sysfs: the mean core
// clock (/proc/cpuinfo "cpu MHz"), the package temperature (/sys/class/thermal, an
// x86_pkg_temp zone when there is one), and thermal throttling (the kernel's per-core
// throttle counters: a count that rose since the last sample is a "thermal" event). What
// a machine does not expose (a VM has no thermal zones) stays absent. The root is a
// parameter so tests describe a fake machine.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>

#include "core/hardware_trace.hpp"

namespace ridgeline::cpu {

class CpuMonitor {
 public:
  explicit CpuMonitor(std::filesystem::path root = "/") : root_(std::move(root)) {}
  // Thread-safe: the sampling thread of a sustained run calls it.
  HardwareSample sample();

 private:
  std::filesystem::path root_;
  std::mutex mutex_;
  std::optional<std::uint64_t> last_throttle_count_;
};

}  // namespace ridgeline::cpu
