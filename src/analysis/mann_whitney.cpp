#include "analysis/mann_whitney.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <utility>
#include <vector>

namespace ridgeline {
namespace {

struct RankSums {
  double rank_sum_x = 0;  // sum of the (mid)ranks of x in the pooled sample, ranks from 1
  double tie_term = 0;    // sum over groups of tied values of t^3 - t
};

RankSums rank_sums(std::span<const double> x, std::span<const double> y) {
  std::vector<std::pair<double, bool>> pooled;  // value, belongs to x
  pooled.reserve(x.size() + y.size());
  for (double v : x) pooled.emplace_back(v, true);
  for (double v : y) pooled.emplace_back(v, false);
  std::sort(pooled.begin(), pooled.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  RankSums out;
  for (std::size_t begin = 0; begin < pooled.size();) {
    std::size_t end = begin + 1;
    while (end < pooled.size() && pooled[end].first == pooled[begin].first) ++end;
    const double tied = static_cast<double>(end - begin);
    const double midrank = static_cast<double>(begin + end + 1) / 2;  // mean of begin+1..end
    for (std::size_t i = begin; i < end; ++i)
      if (pooled[i].second) out.rank_sum_x += midrank;
    out.tie_term += tied * tied * tied - tied;
    begin = end;
  }
  return out;
}

// How many of the C(m + n, m) rank orders give each U = 0 .. m*n: the coefficients of the
// Gaussian binomial [m + n choose m]_q = prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i), built one
// factor at a time (after step i the polynomial is [n + i choose i]_q). Dividing by
// (1 - q^i) is a running sum. Counts stay below C(40, 20) ~ 1.4e11 at the size limit.
std::vector<std::int64_t> u_counts(std::size_t m, std::size_t n) {
  std::vector<std::int64_t> poly(m * n + 1, 0);
  poly[0] = 1;
  for (std::size_t i = 1; i <= m; ++i) {
    for (std::size_t u = n * i; u >= n + i; --u) poly[u] -= poly[u - n - i];
    for (std::size_t u = i; u <= n * i; ++u) poly[u] += poly[u - i];
  }
  return poly;
}

double exact_p_value(double u_x, std::size_t m, std::size_t n) {
  const auto counts = u_counts(m, n);
  const double mn = static_cast<double>(m * n);
  // The distribution is symmetric about mn/2: double the upper tail of the larger U.
  const auto u_upper = static_cast<std::size_t>(std::llround(std::max(u_x, mn - u_x)));
  double tail = 0, total = 0;
  for (std::size_t u = 0; u < counts.size(); ++u) {
    const auto c = static_cast<double>(counts[u]);
    total += c;
    if (u >= u_upper) tail += c;
  }
  return std::min(1.0, 2 * tail / total);
}

double normal_p_value(double u_x, std::size_t m, std::size_t n, double tie_term) {
  const double n1 = static_cast<double>(m), n2 = static_cast<double>(n), total = n1 + n2;
  const double mean_u = n1 * n2 / 2;
  const double variance = n1 * n2 / 12 * ((total + 1) - tie_term / (total * (total - 1)));
  if (!(variance > 0)) return 1.0;  // every value tied: nothing tells the samples apart
  const double z = (std::max(u_x, n1 * n2 - u_x) - mean_u - 0.5) / std::sqrt(variance);
  return std::clamp(std::erfc(z / std::sqrt(2.0)), 0.0, 1.0);  // 2 * upper tail of N(0, 1)
}

}  // namespace

std::string_view to_string(MannWhitneyResult::Method m) {
  switch (m) {
    case MannWhitneyResult::Method::exact:
      return "exact";
    case MannWhitneyResult::Method::normal:
      return "normal";
  }
  return "unknown";
}

MannWhitneyResult mann_whitney_u(std::span<const double> x, std::span<const double> y) {
  if (x.empty() || y.empty()) throw std::invalid_argument("mann_whitney_u: empty sample");
  const std::size_t m = x.size(), n = y.size();
  const RankSums sums = rank_sums(x, y);
  MannWhitneyResult out;
  out.u = sums.rank_sum_x - static_cast<double>(m * (m + 1)) / 2;
  const bool exact =
      sums.tie_term == 0 && m <= kMannWhitneyExactMaxSize && n <= kMannWhitneyExactMaxSize;
  out.method = exact ? MannWhitneyResult::Method::exact : MannWhitneyResult::Method::normal;
  out.p_value = exact ? exact_p_value(out.u, m, n) : normal_p_value(out.u, m, n, sums.tie_term);
  return out;
}

}  // namespace ridgeline
