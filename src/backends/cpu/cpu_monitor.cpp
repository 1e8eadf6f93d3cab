#include "backends/cpu/cpu_monitor.hpp"

#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

namespace ridgeline::cpu {
namespace {

std::optional<double> mean_core_mhz(const std::filesystem::path& root) {
  std::ifstream in(root / "proc/cpuinfo");
  std::string line;
  double sum = 0;
  int cores = 0;
  while (std::getline(in, line)) {
    if (line.rfind("cpu MHz", 0) != 0) continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    try {
      sum += std::stod(line.substr(colon + 1));
      ++cores;
    } catch (const std::exception&) {
    }
  }
  if (cores == 0) return std::nullopt;
  return sum / cores;
}

std::optional<std::string> first_line(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  if (!std::getline(in, line)) return std::nullopt;
  return line;
}

// The package sensor when the kernel names one, else the first zone that reads.
std::optional<double> package_celsius(const std::filesystem::path& root) {
  std::error_code ec;
  std::optional<double> first;
  for (const auto& zone : std::filesystem::directory_iterator(root / "sys/class/thermal", ec)) {
    if (zone.path().filename().string().rfind("thermal_zone", 0) != 0) continue;
    const auto milli = first_line(zone.path() / "temp");
    if (!milli) continue;
    double celsius = 0;
    try {
      celsius = std::stod(*milli) / 1000;
    } catch (const std::exception&) {
      continue;
    }
    if (first_line(zone.path() / "type") == "x86_pkg_temp") return celsius;
    if (!first) first = celsius;
  }
  return first;
}

// The sum of every core's throttle counter; nullopt where the kernel has none.
std::optional<std::uint64_t> throttle_count(const std::filesystem::path& root) {
  std::error_code ec;
  std::optional<std::uint64_t> total;
  for (const auto& cpu : std::filesystem::directory_iterator(root / "sys/devices/system/cpu", ec)) {
    const auto count = first_line(cpu.path() / "thermal_throttle/core_throttle_count");
    if (!count) continue;
    try {
      total = total.value_or(0) + std::stoull(*count);
    } catch (const std::exception&) {
    }
  }
  return total;
}

}  // namespace

HardwareSample CpuMonitor::sample() {
  HardwareSample s;
  s.core_clock_mhz = mean_core_mhz(root_);
  s.temperature_c = package_celsius(root_);
  const auto count = throttle_count(root_);
  std::lock_guard lock(mutex_);
  if (count && last_throttle_count_ && *count > *last_throttle_count_)
    s.throttle_reasons.push_back("thermal");
  if (count) last_throttle_count_ = count;
  return s;
}

}  // namespace ridgeline::cpu
