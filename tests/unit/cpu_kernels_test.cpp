// Every CPU kernel x dtype: verified output, planted errors caught, declared work.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "backends/cpu/cpu_backend.hpp"
#include "backends/cpu/cpu_cases.hpp"
#include "core/catalogue.hpp"
#include "core/dtype.hpp"

namespace ridgeline::cpu {
namespace {

// Odd sizes so vector remainders and uneven thread blocks are exercised.
constexpr std::uint64_t kArrayElements = (1u << 16) + 3;
constexpr std::uint64_t kPeakFmas = 1u << 20;

struct Prepared {
  std::unique_ptr<PreparedCase> owner;
  CpuCase& as_cpu() { return dynamic_cast<CpuCase&>(*owner); }
};

// `count`: elements per array, or multiply-adds for a compute kernel.
Prepared prepare(const char* kernel, DType t, std::uint64_t count, IntensityParams p = {}) {
  CpuBackend backend;
  CaseSpec spec;
  spec.kernel = find_kernel(kernel);
  spec.dtype = t;
  if (spec.kernel->family == Family::compute)
    spec.multiply_adds = count;
  else
    spec.array_elements = count;
  spec.intensity = p;
  return {backend.prepare(backend.devices().at(0), spec)};
}

std::uint64_t size_for(const KernelDecl& k) {
  return k.family == Family::compute ? kPeakFmas : kArrayElements;
}

// Flips one bit of the stored result and expects verify() to notice, then restores it.
void expect_flip_caught(CpuCase& c, std::size_t byte, const std::string& where) {
  const auto bytes = c.result_bytes();
  ASSERT_LT(byte, bytes.size());
  bytes[byte] ^= std::byte{0x10};
  const Verification v = c.verify();
  EXPECT_EQ(v.verdict, Verdict::fail) << where;
  EXPECT_EQ(v.mismatches, 1u) << where;
  EXPECT_NE(v.detail.find("index"), std::string::npos) << v.detail;
  bytes[byte] ^= std::byte{0x10};
  EXPECT_TRUE(c.verify().passed()) << where;
}

TEST(CpuKernels, EveryKernelAndDTypeVerifies) {
  for (const KernelDecl& k : catalogue()) {
    for (DType t : dtypes_in(k.dtypes)) {
      if (!CpuBackend().supports(k, t)) continue;  // GPU-only dtypes (fp16, bf16, int8)
      SCOPED_TRACE(std::string(k.name) + " " + std::string(to_string(t)));
      Prepared p = prepare(k.name, t, size_for(k));
      EXPECT_GT(p.owner->run(2), 0.0);
      const Verification v = p.owner->verify();
      EXPECT_TRUE(v.passed()) << v.detail;
      EXPECT_EQ(v.mismatches, 0u);
      EXPECT_EQ(v.tolerance, 0.0);
      EXPECT_GT(v.checked, 0u);
      EXPECT_GT(number_param(p.owner->configuration(), "threads").value_or(0), 0);
    }
  }
}

TEST(CpuKernels, PlantedErrorIsCaughtForEveryKernel) {
  for (const KernelDecl& k : catalogue()) {
    for (DType t : dtypes_in(k.dtypes)) {
      if (!CpuBackend().supports(k, t)) continue;  // GPU-only dtypes (fp16, bf16, int8)
      SCOPED_TRACE(std::string(k.name) + " " + std::string(to_string(t)));
      Prepared p = prepare(k.name, t, size_for(k));
      p.owner->run(1);
      CpuCase& c = p.as_cpu();
      expect_flip_caught(c, 0, "first value");
      expect_flip_caught(c, c.result_bytes().size() - 2, "last value");
    }
  }
}

TEST(CpuKernels, PlantedWrongValueFailsVerification) {
  Prepared p = prepare("triad", DType::fp64, kArrayElements);
  p.owner->run(1);
  p.owner->plant_wrong_value();
  const Verification v = p.owner->verify();
  EXPECT_EQ(v.verdict, Verdict::fail);
  EXPECT_EQ(v.mismatches, 1u);
  EXPECT_GT(v.max_abs_error, 0);
}

TEST(CpuKernels, AccumulatingKernelModelCountsEveryCall) {
  // nstream reads the array it writes: its value after five calls is not after four.
  for (DType t : {DType::fp64, DType::fp32}) {
    Prepared p = prepare("nstream", t, kArrayElements);
    p.owner->run(3);
    p.owner->run(2);
    const Verification v = p.owner->verify();
    EXPECT_TRUE(v.passed()) << v.detail;
    EXPECT_EQ(v.checked, kArrayElements);  // one written array
  }
}

TEST(CpuKernels, IntensityFractionsAndRepeatedCallsVerify) {
  for (DType t : {DType::fp64, DType::fp32}) {
    for (IntensityParams params :
         {IntensityParams{0, 1}, IntensityParams{3, 1}, IntensityParams{64, 1},
          IntensityParams{1, 2}, IntensityParams{1, 4}, IntensityParams{3, 8}}) {
      SCOPED_TRACE(std::string(to_string(t)) + " k=" + std::to_string(params.fmas_num) + "/" +
                   std::to_string(params.fmas_den));
      Prepared p = prepare("intensity", t, kArrayElements, params);
      p.owner->run(3);
      p.owner->run(2);  // in place: the model must count all five calls
      const Verification v = p.owner->verify();
      EXPECT_TRUE(v.passed()) << v.detail;
      EXPECT_EQ(v.checked, kArrayElements);
    }
  }
}

TEST(CpuKernels, IntensityRejectsAStrideThatSplitsTheVectorBlock) {
  EXPECT_THROW(prepare("intensity", DType::fp32, kArrayElements, IntensityParams{2, 3}),
               std::invalid_argument);
}

TEST(CpuKernels, WorkPerCallMatchesHandCount) {
  const double n = kArrayElements;
  const auto work = [](Prepared& p, const char* kernel, DType t, IntensityParams ip = {}) {
    return work_per_call(*find_kernel(kernel), t, p.owner->work_count(), ip);
  };
  struct Expect {
    const char* kernel;
    DType dtype;
    double bytes_per_element, flops_per_element;
  };
  for (const Expect e : {Expect{"triad", DType::fp64, 24, 2}, Expect{"triad", DType::fp32, 12, 2},
                         Expect{"copy", DType::fp64, 16, 0}, Expect{"scale", DType::fp32, 8, 1},
                         Expect{"add", DType::fp64, 24, 1}, Expect{"read", DType::fp64, 8, 1},
                         Expect{"write", DType::fp32, 4, 0}, Expect{"dot", DType::fp32, 8, 2},
                         Expect{"nstream", DType::fp64, 32, 3}}) {
    SCOPED_TRACE(e.kernel);
    Prepared p = prepare(e.kernel, e.dtype, kArrayElements);
    EXPECT_EQ(p.owner->work_count(), kArrayElements);
    const Work w = work(p, e.kernel, e.dtype);
    EXPECT_DOUBLE_EQ(w.bytes, e.bytes_per_element * n);
    EXPECT_DOUBLE_EQ(w.flops, e.flops_per_element * n);
  }

  Prepared intensity = prepare("intensity", DType::fp64, kArrayElements, {8, 1});
  const Work wi = work(intensity, "intensity", DType::fp64, {8, 1});
  EXPECT_DOUBLE_EQ(wi.bytes, 16 * n);
  EXPECT_DOUBLE_EQ(wi.flops, 16 * n);  // 8 FMAs per element

  for (DType t : {DType::fp32, DType::fp64, DType::int32}) {
    Prepared peak = prepare("peak_fma", t, kPeakFmas);
    const std::uint64_t fmas = peak.owner->work_count();
    // Rounded to whole blocks of chains: within one block of the request.
    EXPECT_NEAR(static_cast<double>(fmas), static_cast<double>(kPeakFmas), kPeakFmas / 2.0);
    const Work wp = work(peak, "peak_fma", t);
    EXPECT_DOUBLE_EQ(wp.bytes, 0);
    EXPECT_DOUBLE_EQ(wp.flops, 2.0 * static_cast<double>(fmas));
  }
}

TEST(CpuKernels, CacheReadDeclaresEveryThreadsPassesOverTheWorkingSet) {
  Prepared p = prepare("cache_read", DType::fp32, 16 * 1024);  // 64 KiB
  const std::uint64_t n = p.owner->work_count();
  EXPECT_EQ(n, 16u * 1024);
  const auto config = p.owner->configuration();
  const double threads = number_param(config, "threads").value_or(0);
  const double passes = number_param(config, "passes").value_or(0);
  ASSERT_GT(threads, 0);
  ASSERT_GT(passes, 1);  // a small set repeats inside the call
  EXPECT_DOUBLE_EQ(static_cast<double>(p.owner->passes()), threads * passes);
  p.owner->run(2);
  EXPECT_TRUE(p.owner->verify().passed());
  const PhysicalLimits limits = p.owner->physical_limits();
  if (CpuBackend().devices().at(0).clock_mhz > 0) {
    EXPECT_TRUE(limits.bytes_per_second.has_value());
    EXPECT_NE(limits.basis.find("loads of"), std::string::npos) << limits.basis;
  }
}

TEST(CpuKernels, ChaseCountsItsLoadsAndCatchesAShortWalk) {
  Prepared p = prepare("chase", DType::int32, 64 * 1024 / 4);  // 64 KiB, 512 slots
  EXPECT_EQ(p.owner->work_count(), std::uint64_t{1} << 16);    // at least 2^16 loads a call
  EXPECT_EQ(number_param(p.owner->configuration(), "slots").value_or(0), 512);
  p.owner->run(3);
  p.owner->run(1);
  EXPECT_TRUE(p.owner->verify().passed());
  // A chase that stopped anywhere but where the model says fails.
  CpuCase& c = p.as_cpu();
  const auto bytes = c.result_bytes();
  bytes[0] ^= std::byte{0x04};  // an index inside a slot
  EXPECT_FALSE(c.verify().passed());
  bytes[0] ^= std::byte{0x04};
  EXPECT_THROW(prepare("chase", DType::int32, 32), std::invalid_argument);  // one slot
}

TEST(CpuKernels, ImpossibleSizesAreSkippedNotFatal) {
  EXPECT_THROW(prepare("triad", DType::fp64, std::uint64_t{1} << 60), SkipCase);  // overflows
  EXPECT_THROW(prepare("copy", DType::fp32, std::uint64_t{1} << 44), SkipCase);   // 64 TiB
  EXPECT_THROW(prepare("intensity", DType::fp64, std::uint64_t{1} << 61), SkipCase);
}

TEST(CpuKernels, UnsupportedDTypeIsSkipped) {
  CpuBackend backend;
  EXPECT_TRUE(backend.supports(*find_kernel("triad"), DType::fp64));
  EXPECT_TRUE(backend.supports(*find_kernel("peak_fma"), DType::int32));
  EXPECT_FALSE(backend.supports(*find_kernel("triad"), DType::int32));
  EXPECT_FALSE(backend.supports(*find_kernel("intensity"), DType::fp16));
  EXPECT_FALSE(backend.supports(*find_kernel("peak_fma"), DType::fp16));   // GPU-only
  EXPECT_FALSE(backend.supports(*find_kernel("peak_dp4a"), DType::int8));  // GPU-only
  EXPECT_THROW(prepare("triad", DType::int32, 1024), SkipCase);
}

}  // namespace
}  // namespace ridgeline::cpu
