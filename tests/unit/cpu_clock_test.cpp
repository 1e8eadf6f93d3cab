// The measured core clock of the CPU backend and the limits and conditions it gives the
// compute cases.
#include <gtest/gtest.h>

#include "backends/cpu/cpu_backend.hpp"
#include "backends/cpu/cpu_clock_probe.hpp"
#include "core/catalogue.hpp"

namespace ridgeline::cpu {
namespace {

TEST(CpuClockProbe, EveryThreadMeasuresAPlausibleClock) {
  if (!clock_probe_available()) GTEST_SKIP() << "the probe is x86-64 assembly";
  const int threads = 2;  // concurrent probes, also on a one-core machine
  const auto mhz = measure_core_clocks_mhz(threads);
  ASSERT_EQ(mhz.size(), static_cast<std::size_t>(threads));
  // Any x86-64 core made runs between 0.5 and 7 GHz; a folded or reordered chain would
  // read far above that, a broken timer at zero.
  for (double m : mhz) {
    EXPECT_GT(m, 500);
    EXPECT_LT(m, 7000);
  }
}

TEST(CpuClockedCase, PeakCaseRecordsItsClockAndStaysUnderItsLimit) {
  if (!clock_probe_available()) GTEST_SKIP() << "the probe is x86-64 assembly";
  CpuBackend backend;
  CaseSpec spec;
  spec.kernel = find_kernel("peak_fma");
  spec.dtype = DType::fp32;
  spec.multiply_adds = 1u << 22;
  const auto device = backend.devices().at(0);
  auto c = backend.prepare(device, spec);
  EXPECT_FALSE(c->conditions().has_value());
  c->run(1);  // warm-up: not sampled
  EXPECT_FALSE(c->conditions().has_value());
  const double seconds = c->run(2) / 2;
  const auto conditions = c->conditions();
  ASSERT_TRUE(conditions.has_value());
  EXPECT_EQ(conditions->source, "clock probe");
  ASSERT_TRUE(conditions->core_clock_mhz.has_value());
  EXPECT_LE(conditions->core_clock_mhz->min, conditions->core_clock_mhz->max);
  const PhysicalLimits limits = c->physical_limits();
  ASSERT_TRUE(limits.operations_per_second.has_value());
  EXPECT_NE(limits.basis.find("FMA pipes"), std::string::npos);
  const double rate = 2.0 * static_cast<double>(c->work_count()) / seconds;
  EXPECT_LT(rate, *limits.operations_per_second);
  EXPECT_EQ(c->verify().verdict, Verdict::pass);
  // fp32 has a peak per MHz (two FMA pipes is the real peak); int32 only a bound.
  EXPECT_TRUE(c->peak_per_mhz().has_value());
  spec.dtype = DType::int32;
  EXPECT_FALSE(backend.prepare(device, spec)->peak_per_mhz().has_value());
}

TEST(CpuClockedCase, MemoryCasesHaveNoProbe) {
  CpuBackend backend;
  CaseSpec spec;
  spec.kernel = find_kernel("triad");
  spec.dtype = DType::fp64;
  spec.array_elements = 1 << 16;
  auto c = backend.prepare(backend.devices().at(0), spec);
  c->run(1);
  c->run(1);
  EXPECT_FALSE(c->conditions().has_value());
  EXPECT_FALSE(c->physical_limits().operations_per_second.has_value());
}

}  // namespace
}  // namespace ridgeline::cpu
