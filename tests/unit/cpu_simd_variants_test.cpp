// The SIMD variants of the CPU's compute-bound kernels: every compiled level that this
// CPU runs verifies exactly, the claims name each level, and the run-time choice honours
// RIDGELINE_CPU_SIMD or refuses it with a reason.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "backends/cpu/cpu_cases.hpp"
#include "backends/cpu/cpu_simd_variant.hpp"
#include "core/catalogue.hpp"

namespace ridgeline::cpu {
namespace {

CaseSpec peak_spec(DType t) {
  CaseSpec spec;
  spec.kernel = find_kernel("peak_fma");
  spec.dtype = t;
  spec.multiply_adds = std::uint64_t{1} << 20;
  return spec;
}

CaseSpec intensity_spec(DType t, IntensityParams p) {
  CaseSpec spec;
  spec.kernel = find_kernel("intensity");
  spec.dtype = t;
  spec.array_elements = (std::uint64_t{1} << 15) + 5;  // a tail that fills no block
  spec.intensity = p;
  return spec;
}

TEST(CpuSimdVariants, TheBuildCompiledThePortableLevels) {
  std::set<std::string> names;
  for (const SimdVariant* v : compiled_simd_variants()) {
    EXPECT_TRUE(names.insert(v->name).second) << v->name << " twice";
    EXPECT_GT(v->vector_bytes, 0) << v->name;
    EXPECT_GT(v->peak_f64.chains, 0) << v->name;
  }
  ASSERT_FALSE(names.empty());
#if defined(__x86_64__)
  EXPECT_TRUE(names.contains("x86-64-v4"));
  EXPECT_TRUE(names.contains("x86-64-v3"));
#endif
#if RIDGELINE_NATIVE_KERNELS
  EXPECT_STREQ(compiled_simd_variants().front()->name, "native");
#else
  EXPECT_FALSE(names.contains("native"));
#endif
}

TEST(CpuSimdVariants, EveryLevelThisCpuRunsVerifiesExactly) {
  int ran = 0;
  for (const SimdVariant* v : compiled_simd_variants()) {
    if (!runs_here(*v)) continue;
    ++ran;
    SCOPED_TRACE(v->name);
    for (DType t : {DType::fp64, DType::fp32, DType::int32}) {
      auto c = make_peak_case(*v, peak_spec(t));
      c->run(2);
      const Verification check = c->verify();
      EXPECT_TRUE(check.passed()) << to_string(t) << ": " << check.detail;
      EXPECT_EQ(text_param(c->configuration(), "simd_variant").value_or(""), v->name);
    }
    for (DType t : {DType::fp64, DType::fp32})
      for (IntensityParams p : {IntensityParams{5, 1}, IntensityParams{1, 2}}) {
        auto c = make_intensity_case(*v, intensity_spec(t, p));
        c->run(3);
        const Verification check = c->verify();
        EXPECT_TRUE(check.passed())
            << to_string(t) << " " << p.fmas_num << "/" << p.fmas_den << ": " << check.detail;
      }
  }
  EXPECT_GT(ran, 0) << "no compiled SIMD level runs on this CPU";
}

TEST(CpuSimdVariants, WiderLevelsHoldMoreLanesPerChainBlock) {
  const SimdVariant* v3 = nullptr;
  const SimdVariant* v4 = nullptr;
  for (const SimdVariant* v : compiled_simd_variants()) {
    if (std::string(v->name) == "x86-64-v3") v3 = v;
    if (std::string(v->name) == "x86-64-v4") v4 = v;
  }
  if (v3 == nullptr || v4 == nullptr) GTEST_SKIP() << "not an x86-64 build";
  EXPECT_EQ(v3->vector_bytes, 32);
  EXPECT_EQ(v4->vector_bytes, 64);
  EXPECT_STREQ(v3->isa, "avx2");
  EXPECT_STREQ(v4->isa, "avx512f");
  // 16 ymm registers: 12 chains plus the two constants; 32 zmm: 16.
  EXPECT_EQ(v3->peak_f64.chains, 12 * 4);
  EXPECT_EQ(v4->peak_f64.chains, 16 * 8);
  EXPECT_EQ(v3->intensity_f32.block, 12 * 8);
}

TEST(CpuSimdVariants, ClaimsNameEveryLevelWithItsOwnWork) {
  const auto claims = peak_claims();
  ASSERT_EQ(claims.size(), 3 * compiled_simd_variants().size());
  for (const SimdVariant* v : compiled_simd_variants()) {
    int found = 0;
    for (const MachineCodeClaim& c : claims) {
      if (c.architectures != std::vector<std::string>{v->name}) continue;
      ++found;
      EXPECT_NE(c.symbol.find(v->space), std::string::npos) << c.symbol;
      const double expected = c.dtype == DType::fp64   ? v->peak_f64.chains * v->peak_f64.unroll
                              : c.dtype == DType::fp32 ? v->peak_f32.chains * v->peak_f32.unroll
                                                       : v->peak_i32.chains * v->peak_i32.unroll;
      EXPECT_EQ(c.multiply_adds_per_iteration, expected) << v->name << " " << to_string(c.dtype);
    }
    EXPECT_EQ(found, 3) << v->name;
  }
}

TEST(CpuSimdVariants, ChoiceHonoursTheRequestOrSaysWhy) {
  const SimdChoice automatic = choose_simd("");
  ASSERT_NE(automatic.variant, nullptr) << automatic.why_none;
  EXPECT_TRUE(runs_here(*automatic.variant));
  for (const SimdVariant* v : compiled_simd_variants()) {
    const SimdChoice c = choose_simd(v->name);
    if (runs_here(*v)) {
      EXPECT_EQ(c.variant, v);
    } else {
      EXPECT_EQ(c.variant, nullptr);
      EXPECT_NE(c.why_none.find("lacks"), std::string::npos) << c.why_none;
    }
  }
  const SimdChoice bogus = choose_simd("avx1024");
  EXPECT_EQ(bogus.variant, nullptr);
  EXPECT_NE(bogus.why_none.find("RIDGELINE_CPU_SIMD=avx1024: not a variant of this build ("),
            std::string::npos)
      << bogus.why_none;
  EXPECT_NE(bogus.why_none.find(compiled_simd_variants().front()->name), std::string::npos);
}

}  // namespace
}  // namespace ridgeline::cpu
