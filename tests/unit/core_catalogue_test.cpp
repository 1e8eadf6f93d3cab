#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/catalogue.hpp"
#include "core/statistics.hpp"

namespace ridgeline {
namespace {

TEST(Catalogue, NamesAreUniqueAndFound) {
  std::set<std::string> names;
  for (const auto& k : catalogue()) {
    EXPECT_TRUE(names.insert(k.name).second) << k.name;
    EXPECT_EQ(find_kernel(k.name), &k);
    EXPECT_NE(k.dtypes, 0u) << k.name;
  }
  EXPECT_EQ(find_kernel("nope"), nullptr);
}

TEST(Catalogue, StreamKernelsCountBytesLikeStream) {
  // bytes per element = (loads + stores) x sizeof(dtype): the STREAM convention.
  struct Expect {
    const char* name;
    double bytes_fp64, flops;
  };
  for (const auto& e :
       {Expect{"read", 8, 1}, Expect{"write", 8, 0}, Expect{"copy", 16, 0}, Expect{"scale", 16, 1},
        Expect{"add", 24, 1}, Expect{"triad", 24, 2}, Expect{"dot", 16, 2}}) {
    const Work w64 = work_per_call(*find_kernel(e.name), DType::fp64, 1000);
    EXPECT_DOUBLE_EQ(w64.bytes, e.bytes_fp64 * 1000) << e.name;
    EXPECT_DOUBLE_EQ(w64.flops, e.flops * 1000) << e.name;
    const Work w32 = work_per_call(*find_kernel(e.name), DType::fp32, 1000);
    EXPECT_DOUBLE_EQ(w32.bytes, e.bytes_fp64 / 2 * 1000) << e.name;
  }
}

TEST(Catalogue, IntensityScalesWithFmasPerElement) {
  const KernelDecl& k = *find_kernel("intensity");
  const Work one = work_per_call(k, DType::fp64, 100, {1, 1});
  EXPECT_DOUBLE_EQ(one.bytes, 1600);
  EXPECT_DOUBLE_EQ(one.flops, 200);
  EXPECT_DOUBLE_EQ(one.intensity(), 0.125);
  EXPECT_DOUBLE_EQ(work_per_call(k, DType::fp32, 100, {1, 2}).intensity(), 0.125);
  EXPECT_DOUBLE_EQ(work_per_call(k, DType::fp32, 100, {1024, 1}).intensity(), 256);
}

TEST(Catalogue, ComputeKernelsMoveNoBytes) {
  const Work w = work_per_call(*find_kernel("peak_fma"), DType::fp32, 1 << 20);
  EXPECT_EQ(w.bytes, 0);
  EXPECT_DOUBLE_EQ(w.flops, 2.0 * (1 << 20));
  EXPECT_EQ(rate_unit(Family::compute, DType::int32), "GOP/s");
  EXPECT_EQ(rate_unit(Family::compute, DType::fp32), "GFLOP/s");
  EXPECT_EQ(rate_unit(Family::memory, DType::fp32), "GB/s");
}

TEST(Statistics, OrderStatistics) {
  const double xs[] = {5, 1, 4, 2, 3};
  EXPECT_DOUBLE_EQ(median(xs), 3);
  EXPECT_DOUBLE_EQ(quantile(xs, 0.25), 2);
  EXPECT_DOUBLE_EQ(mean(xs), 3);
  EXPECT_NEAR(stddev(xs), 1.5811388, 1e-6);
  const double even[] = {1, 2, 3, 10};
  EXPECT_DOUBLE_EQ(median(even), 2.5);
  EXPECT_THROW(median(std::span<const double>{}), std::invalid_argument);
}

}  // namespace
}  // namespace ridgeline
