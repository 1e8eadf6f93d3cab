// Two-sided Mann-Whitney U test (Wilcoxon rank-sum): does one sample tend to hold larger
// values than the other? Rank-based, so it assumes no distribution and a monotone
// transform of both samples (time -> rate) leaves the p-value unchanged.
#pragma once

#include <span>
#include <string_view>

namespace ridgeline {

// Both samples at most this large and no ties: the exact null distribution of U is
// counted (cost ~ n1^2 * n2, trivial at 20). Otherwise the normal approximation.
inline constexpr std::size_t kMannWhitneyExactMaxSize = 20;

struct MannWhitneyResult {
  enum class Method {
    exact,   // P(U) counted over all C(n1 + n2, n1) equally likely rank orders
    normal,  // normal approximation, tie-corrected variance, continuity correction 0.5
  };
  double u = 0;        // U of the first sample: pairs (x, y) with x > y, a tie counting 1/2
  double p_value = 1;  // two-sided; 1 when every value is tied (no evidence either way)
  Method method = Method::exact;
};

std::string_view to_string(MannWhitneyResult::Method m);

// Same p-values as scipy.stats.mannwhitneyu(x, y, alternative="two-sided") with
// method="exact" or method="asymptotic" (use_continuity=True) respectively.
// Both samples must be non-empty.
MannWhitneyResult mann_whitney_u(std::span<const double> x, std::span<const double> y);

}  // namespace ridgeline
