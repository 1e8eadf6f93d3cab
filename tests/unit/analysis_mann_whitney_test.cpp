#include <gtest/gtest.h>

#include <vector>

#include "analysis/mann_whitney.hpp"

namespace ridgeline {
namespace {

using Method = MannWhitneyResult::Method;

// Reference U and p values come from scipy 1.17.1:
// scipy.stats.mannwhitneyu(x, y, alternative="two-sided", method=...).

TEST(MannWhitney, SeparatedSamplesExact) {  // method="exact": 2 / C(10, 5)
  const std::vector<double> x{1, 2, 3, 4, 5}, y{6, 7, 8, 9, 10};
  const auto r = mann_whitney_u(x, y);
  EXPECT_EQ(r.method, Method::exact);
  EXPECT_DOUBLE_EQ(r.u, 0);
  EXPECT_NEAR(r.p_value, 0.007936507936507936, 1e-15);
}

TEST(MannWhitney, OverlappingUnequalSizesExact) {  // method="exact"
  const std::vector<double> x{1.1, 2.3, 3.5, 4.2, 6.0, 7.7};
  const std::vector<double> y{2.0, 5.1, 5.9, 8.3, 9.4, 10.2, 11.0};
  const auto r = mann_whitney_u(x, y);
  EXPECT_EQ(r.method, Method::exact);
  EXPECT_DOUBLE_EQ(r.u, 9);
  EXPECT_NEAR(r.p_value, 0.10139860139860139, 1e-14);
}

TEST(MannWhitney, SwappingSamplesKeepsTheTwoSidedP) {
  const std::vector<double> x{1.1, 2.3, 3.5, 4.2, 6.0, 7.7};
  const std::vector<double> y{2.0, 5.1, 5.9, 8.3, 9.4, 10.2, 11.0};
  const auto r = mann_whitney_u(y, x);
  EXPECT_DOUBLE_EQ(r.u, 6 * 7 - 9);
  EXPECT_NEAR(r.p_value, 0.10139860139860139, 1e-14);
}

TEST(MannWhitney, ThreeRepetitionsCannotReachOnePercent) {  // method="exact"
  const std::vector<double> x{1, 2, 3}, y{4, 5, 6};
  EXPECT_NEAR(mann_whitney_u(x, y).p_value, 0.1, 1e-15);  // the smallest possible at 3 vs 3
}

TEST(MannWhitney, SingleSamplesSayNothing) {  // method="exact"
  const std::vector<double> x{1}, y{2};
  EXPECT_DOUBLE_EQ(mann_whitney_u(x, y).p_value, 1.0);
}

TEST(MannWhitney, LargestExactSize) {  // method="exact", 20 vs 20
  const std::vector<double> x{11.053116, 11.776491, 7.446708,  9.862035,  11.013719,
                              11.352142, 10.653788, 11.497118, 10.289958, 10.551267,
                              10.178738, 8.926141,  9.153371,  10.379584, 9.419805,
                              11.271551, 11.292387, 11.798786, 9.973926,  11.38371};
  const std::vector<double> y{9.894157,  9.983685,  10.881303, 11.081431, 9.201012,
                              9.069276,  11.155078, 9.937812,  12.008357, 11.194546,
                              11.107185, 11.008443, 11.695475, 10.646954, 11.885631,
                              10.274086, 10.575002, 10.119495, 11.397662, 10.835884};
  const auto r = mann_whitney_u(x, y);
  EXPECT_EQ(r.method, Method::exact);
  EXPECT_DOUBLE_EQ(r.u, 186);
  EXPECT_NEAR(r.p_value, 0.7179502760583187, 1e-12);
}

TEST(MannWhitney, TiesUseTheCorrectedNormalApproximation) {  // method="asymptotic"
  const std::vector<double> x{1, 2, 2, 3, 3, 3, 4}, y{3, 4, 4, 5, 5, 6, 7, 8};
  const auto r = mann_whitney_u(x, y);
  EXPECT_EQ(r.method, Method::normal);
  EXPECT_DOUBLE_EQ(r.u, 3.5);
  EXPECT_NEAR(r.p_value, 0.004832240868896149, 1e-12);
}

TEST(MannWhitney, LargeSamplesUseTheNormalApproximation) {  // method="asymptotic", 25 vs 30
  const std::vector<double> x{9.137733,  12.00188,  9.636286,  9.8837,    10.394165,
                              11.747651, 9.851616,  10.703183, 10.098795, 8.536206,
                              10.791977, 11.020639, 9.760014,  9.984564,  8.498684,
                              8.477048,  9.60848,   10.625933, 9.530425,  10.292023,
                              10.967767, 10.095762, 10.574468, 11.447874, 8.753972};
  const std::vector<double> y{11.344075, 8.715315,  11.031643, 10.802995, 10.056665, 9.522687,
                              10.538169, 10.189761, 10.697622, 9.692198,  11.145527, 9.56415,
                              10.295765, 10.208012, 11.867887, 9.104306,  10.185976, 11.782461,
                              9.941659,  9.360529,  10.882841, 10.30997,  11.434755, 9.67961,
                              10.790919, 11.266127, 11.635722, 9.493855,  12.023789, 9.699303};
  const auto r = mann_whitney_u(x, y);
  EXPECT_EQ(r.method, Method::normal);
  EXPECT_DOUBLE_EQ(r.u, 304);
  EXPECT_NEAR(r.p_value, 0.23339164664176326, 1e-12);
}

TEST(MannWhitney, AllTiedIsNoEvidence) {
  const std::vector<double> x{2, 2, 2}, y{2, 2};
  const auto r = mann_whitney_u(x, y);
  EXPECT_EQ(r.method, Method::normal);
  EXPECT_DOUBLE_EQ(r.p_value, 1.0);
}

TEST(MannWhitney, EmptySampleIsACallerError) {
  const std::vector<double> x{1}, none;
  EXPECT_THROW(mann_whitney_u(x, none), std::invalid_argument);
}

}  // namespace
}  // namespace ridgeline
