// The FMA datapath table: which cores complete fewer FMA lanes per clock than their
// vector width suggests, and the peak and bound the compute cases take from it.
#include "backends/cpu/cpu_fma_datapath.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <thread>

#include "backends/cpu/cpu_backend.hpp"
#include "backends/cpu/cpu_clock_probe.hpp"
#include "backends/cpu/cpu_simd_variant.hpp"
#include "core/catalogue.hpp"

namespace ridgeline::cpu {
namespace {

TEST(CpuFmaDatapath, AmdCoresByFamilyAndModel) {
  // Zen 4 (EPYC 9004: family 19h, model 11h): AVX-512 on two 256-bit pipes.
  EXPECT_EQ(fma_datapath("AuthenticAMD", 0x19, 0x11)->bits_per_clock, 512);
  EXPECT_EQ(fma_datapath("AuthenticAMD", 0x19, 0x01)->bits_per_clock, 512);  // Zen 3
  EXPECT_EQ(fma_datapath("AuthenticAMD", 0x17, 0x31)->bits_per_clock, 512);  // Zen 2
  EXPECT_EQ(fma_datapath("AuthenticAMD", 0x17, 0x01)->bits_per_clock, 256);  // Zen
}

TEST(CpuFmaDatapath, CoresThatDifferBySkuAreUnknown) {
  EXPECT_FALSE(fma_datapath("AuthenticAMD", 0x1a, 0x02).has_value());  // Zen 5
  EXPECT_FALSE(fma_datapath("GenuineIntel", 6, 0x8f).has_value());     // Sapphire Rapids
  EXPECT_FALSE(fma_datapath("HygonGenuine", 0x18, 0x01).has_value());
}

// The fp32 peak per MHz the backend declares is cores x FMA lanes per clock x 2, and the
// lanes per clock never exceed what this core's datapath (when known) completes.
TEST(CpuFmaDatapath, PeakPerMhzTakesTheNarrowerOfVectorsAndDatapath) {
  if (!clock_probe_available()) GTEST_SKIP() << "the probe is x86-64 assembly";
  CpuBackend backend;
  CaseSpec spec;
  spec.kernel = find_kernel("peak_fma");
  spec.dtype = DType::fp32;
  spec.multiply_adds = 1u << 20;
  const auto device = backend.devices().at(0);
  auto c = backend.prepare(device, spec);
  const auto per_mhz = c->peak_per_mhz();
  ASSERT_TRUE(per_mhz.has_value());
  const int vector_lanes = simd_choice().variant->lanes<float>();
  const auto& datapath = this_cpu_fma_datapath();
  const int per_core =
      datapath ? std::min(vector_lanes * 2, datapath->bits_per_clock / 32) : vector_lanes * 2;
  // cores x per_core x 2 flop at 1 MHz: a whole number of cores, no more than there are.
  const double cores = *per_mhz / (per_core * 2 * 1e-3);
  EXPECT_NEAR(cores, std::round(cores), 1e-9);
  EXPECT_GE(cores, 1);
  EXPECT_LE(cores, std::thread::hardware_concurrency());
  c->run(1);
  c->run(1);
  EXPECT_NE(c->physical_limits().basis.find("FMA lanes per clock"), std::string::npos)
      << c->physical_limits().basis;
}

}  // namespace
}  // namespace ridgeline::cpu
