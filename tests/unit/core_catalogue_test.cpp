#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "core/catalogue.hpp"
#include "core/params.hpp"
#include "core/statistics.hpp"
#include "core/verification.hpp"
#include "kernels/stream.hpp"

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
  // bytes per element = (loads + stores) x sizeof(dtype): the STREAM convention, and
  // BabelStream's for nstream (a read-written array counts once each way).
  struct Expect {
    const char* name;
    double bytes_fp64, flops;
  };
  for (const auto& e : {Expect{"read", 8, 1}, Expect{"write", 8, 0}, Expect{"copy", 16, 0},
                        Expect{"scale", 16, 1}, Expect{"add", 24, 1}, Expect{"triad", 24, 2},
                        Expect{"dot", 16, 2}, Expect{"nstream", 32, 3}}) {
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
  EXPECT_EQ(rate_unit(Family::compute, DType::int32), RateUnit::gigaops);
  EXPECT_EQ(rate_unit(Family::compute, DType::fp32), RateUnit::gigaflops);
  EXPECT_EQ(rate_unit(Family::memory, DType::fp32), RateUnit::gigabytes);
  EXPECT_EQ(to_string(RateUnit::gigaops), "GOP/s");
  EXPECT_EQ(parse_rate_unit("GB/s"), RateUnit::gigabytes);
  EXPECT_EQ(parse_rate_unit("GiB/s"), std::nullopt);
}

TEST(Catalogue, ArrayCountsAndRolesFollowTheDeclarations) {
  // Loads and stores are derived from the roles, never stated beside them.
  for (const auto& k : catalogue()) {
    const auto& a = k.arrays;
    EXPECT_EQ(k.loads_per_element(),
              kernels::is_read(a.a) + kernels::is_read(a.b) + kernels::is_read(a.c))
        << k.name;
    EXPECT_LE(k.arrays.arrays(), max_arrays_per_case()) << k.name;
    if (k.family == Family::compute || k.family == Family::matrix || k.family == Family::gemm) {
      EXPECT_EQ(k.arrays.arrays(), 0) << k.name;
    }
  }
  EXPECT_EQ(max_arrays_per_case(), 3);  // add, triad, nstream
  EXPECT_EQ(find_kernel("nstream")->arrays.a, kernels::Role::read_write);
}

TEST(Catalogue, FamiliesByName) {
  for (const auto& k : catalogue()) EXPECT_EQ(parse_family(to_string(k.family)), k.family);
  EXPECT_EQ(parse_family("Memory"), std::nullopt);
}

TEST(Params, NumbersStayNumbersAndOldTextStillReads) {
  Params p{{"threads", 8}, {"ratio", 0.25}, {"name", "grid-stride"}, {"old", "12.5"}};
  EXPECT_EQ(number_param(p, "threads"), 8.0);
  EXPECT_EQ(number_param(p, "ratio"), 0.25);
  EXPECT_EQ(number_param(p, "old"), 12.5);  // schema 1.0 wrote numbers as text
  EXPECT_EQ(number_param(p, "name"), std::nullopt);
  EXPECT_EQ(number_param(p, "missing"), std::nullopt);
  EXPECT_EQ(p.at("threads").text(), "8");
  EXPECT_EQ(p.at("ratio").text(), "0.25");
  EXPECT_EQ(text_param(p, "name"), "grid-stride");
  EXPECT_FALSE(p.at("threads").is_text());
  EXPECT_EQ(Param("1e400").number(), std::nullopt);  // not finite
  EXPECT_EQ(Param("8 ").number(), std::nullopt);     // not exactly a number
}

TEST(Verification, OneComparerForEveryCheck) {
  Comparison c;
  c.check(0, 1.0, 1.0);
  c.check(5, 2.5, 2.0);
  c.check(3, 7.0, 6.0);
  Verification v = c.result("values");
  EXPECT_EQ(v.verdict, Verdict::fail);
  EXPECT_EQ(v.checked, 3u);
  EXPECT_EQ(v.mismatches, 2u);
  EXPECT_EQ(v.max_abs_error, 1.0);
  EXPECT_NE(v.detail.find("first at index 3: expected 6, got 7"), std::string::npos) << v.detail;

  Comparison tolerant;
  tolerant.check(0, 1.0, 1.25, 0.5);
  tolerant.check(1, std::nan(""), 1.0, 0.5);  // NaN never passes
  v = tolerant.result();
  EXPECT_EQ(v.mismatches, 1u);
  EXPECT_EQ(v.tolerance, 0.5);
  EXPECT_TRUE(std::isinf(v.max_abs_error));

  Comparison left, right, whole;
  for (std::uint64_t i = 0; i < 10; ++i) {
    const double got = i == 7 || i == 2 ? 1.0 : 0.0;
    (i < 5 ? left : right).check(i, got, 0.0);
    whole.check(i, got, 0.0);
  }
  right.merge(left);  // merging in any order gives the sequential result
  EXPECT_EQ(right.result(), whole.result());

  EXPECT_EQ(Comparison{}.result().verdict, Verdict::fail);  // nothing compared is no pass
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
