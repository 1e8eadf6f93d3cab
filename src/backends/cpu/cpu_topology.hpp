// What the host CPU is, read from Linux sysfs and procfs. The file-system root is a
// parameter so tests can describe a fake machine from tests/fixtures/.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/device.hpp"

namespace ridgeline::cpu {

// The host as device "cpu:0". Missing files leave fields at their "unknown" values.
DeviceInfo describe_host(const std::filesystem::path& root = "/");

// Caches of cpu0 (levels, sizes, sharing); instances = online CPUs / CPUs sharing one.
std::vector<CacheLevel> read_caches(const std::filesystem::path& root = "/");

// /proc/meminfo MemAvailable in bytes, 0 when unknown.
std::uint64_t available_memory_bytes(const std::filesystem::path& root = "/");

// Number of CPUs in a sysfs list such as "0-3,8,10-11" (0 when malformed).
int count_cpu_list(const std::string& list);

}  // namespace ridgeline::cpu
