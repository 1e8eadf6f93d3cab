// The CPU description parsed from a fake sysfs/procfs tree (tests/fixtures/cpu_sysfs).
#include "backends/cpu/cpu_topology.hpp"

#include <gtest/gtest.h>

#include "backends/cpu/cpu_backend.hpp"

namespace ridgeline::cpu {
namespace {

const std::filesystem::path kFakeRoot = std::filesystem::path(RIDGELINE_FIXTURES) / "cpu_sysfs";

TEST(CpuTopology, CountsCpuLists) {
  EXPECT_EQ(count_cpu_list("0"), 1);
  EXPECT_EQ(count_cpu_list("0-3"), 4);
  EXPECT_EQ(count_cpu_list("0-3,8,10-11"), 7);
  EXPECT_EQ(count_cpu_list(""), 0);
  EXPECT_EQ(count_cpu_list("3-1"), 0);
  EXPECT_EQ(count_cpu_list("x"), 0);
}

TEST(CpuTopology, ParsesFakeCaches) {
  const std::vector<CacheLevel> caches = read_caches(kFakeRoot);
  ASSERT_EQ(caches.size(), 4u);
  EXPECT_EQ(caches[0].level, 1);
  EXPECT_EQ(caches[0].type, "data");
  EXPECT_EQ(caches[0].size_bytes, 48u << 10);
  EXPECT_EQ(caches[0].shared_by, 2);
  EXPECT_EQ(caches[0].instances, 2);
  EXPECT_EQ(caches[1].type, "instruction");
  EXPECT_EQ(caches[2].level, 2);
  EXPECT_EQ(caches[2].size_bytes, 1280u << 10);
  EXPECT_EQ(caches[3].level, 3);
  EXPECT_EQ(caches[3].type, "unified");
  EXPECT_EQ(caches[3].size_bytes, 16u << 20);
  EXPECT_EQ(caches[3].shared_by, 4);
  EXPECT_EQ(caches[3].instances, 1);
}

TEST(CpuTopology, DescribesFakeHost) {
  const DeviceInfo d = describe_host(kFakeRoot);
  EXPECT_EQ(d.id, "cpu:0");
  EXPECT_EQ(d.backend, "cpu");
  EXPECT_EQ(d.name, "Fake(R) Xeon(R) Test CPU @ 2.10GHz");
  EXPECT_EQ(d.vendor, "Intel");
  EXPECT_EQ(d.compute_units, 2);  // 4 online CPUs, 2 SMT threads per core
  EXPECT_EQ(d.compute_unit_kind, "core");
  EXPECT_DOUBLE_EQ(d.clock_mhz, 3500.0);  // cpufreq maximum wins over the model name
  EXPECT_EQ(d.memory_bytes, 16384000ull << 10);
  EXPECT_EQ(d.last_level_cache_bytes(), 16u << 20);
  EXPECT_FALSE(d.arch.empty());
  EXPECT_GT(d.simd_bits, 0);
  EXPECT_TRUE(d.extra.contains("omp_threads"));
  EXPECT_TRUE(d.extra.contains("omp_proc_bind"));
  EXPECT_TRUE(d.extra.contains("kernel_build"));
  EXPECT_EQ(available_memory_bytes(kFakeRoot), 8192000ull << 10);
}

TEST(CpuTopology, MissingTreeGivesUnknowns) {
  const DeviceInfo d = describe_host(kFakeRoot / "does-not-exist");
  EXPECT_EQ(d.id, "cpu:0");
  EXPECT_TRUE(d.caches.empty());
  EXPECT_EQ(d.memory_bytes, 0u);
  EXPECT_DOUBLE_EQ(d.clock_mhz, 0.0);
  EXPECT_GE(d.compute_units, 1);
}

TEST(CpuTopology, ArraySizeFollowsCacheAndMemory) {
  constexpr std::uint64_t MiB = 1u << 20;
  EXPECT_EQ(array_bytes_for(16 * MiB, 0), 64 * MiB);
  EXPECT_EQ(array_bytes_for(0, 0), 256 * MiB);  // 64 MiB fallback LLC
  // 35.75 MiB (a 36608K L3) -> 143 MiB -> rounded up to whole 2 MiB pages.
  EXPECT_EQ(array_bytes_for(36608u << 10, 0), 144 * MiB);
  // 600 MiB available: three arrays must stay below 300 MiB.
  const std::uint64_t clamped = array_bytes_for(64 * MiB, 600 * MiB);
  EXPECT_LT(3 * clamped, 300 * MiB);
  EXPECT_EQ(clamped % (2 * MiB), 0u);
  EXPECT_EQ(clamped, 98 * MiB);
}

TEST(CpuTopology, DefaultArrayIsAtLeastFourLastLevelCaches) {
  CpuBackend backend;
  const std::vector<DeviceInfo> devices = backend.devices();
  ASSERT_EQ(devices.size(), 1u);
  const DeviceInfo& d = devices[0];
  EXPECT_EQ(d.id, "cpu:0");
  EXPECT_FALSE(d.name.empty());
  const std::uint64_t llc =
      d.last_level_cache_bytes() != 0 ? d.last_level_cache_bytes() : 64u << 20;
  const std::uint64_t bytes = backend.default_array_bytes(d);
  EXPECT_EQ(bytes % (2u << 20), 0u);
  if (3 * 4 * llc < available_memory_bytes() / 2) {
    EXPECT_GE(bytes, 4 * llc);
  }
  // Sized from a timed probe (so no ordering between dtypes is stable on a loaded
  // machine); never below the probe's own 2^24 multiply-adds.
  for (DType t : {DType::fp64, DType::fp32, DType::int32})
    EXPECT_GE(backend.default_multiply_adds(d, *find_kernel("peak_fma"), t),
              std::uint64_t{1} << 24);
}

}  // namespace
}  // namespace ridgeline::cpu
