// Exact comparison of a kernel's output with its host model, in parallel over every
// value. All CPU kernels are exact by construction (small-integer inputs, single-rounding
// fma_op, fixed summation order), so the tolerance is always zero.
#pragma once

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>

#include "core/verification.hpp"

namespace ridgeline::cpu {

// got(i) and expected(i) for i in [0, n) must be comparable values (any arithmetic type).
template <class Got, class Expected>
Verification verify_exact(std::uint64_t n, Got&& got, Expected&& expected) {
  std::uint64_t mismatches = 0;
  std::uint64_t first_bad = std::numeric_limits<std::uint64_t>::max();
  double max_abs_error = 0;
#pragma omp parallel for schedule(static) reduction(+ : mismatches) \
    reduction(min : first_bad) reduction(max : max_abs_error)
  for (std::uint64_t i = 0; i < n; ++i) {
    const auto g = got(i);
    const auto e = expected(i);
    if (g != e) {  // NaN compares unequal too, so a poisoned value cannot pass
      ++mismatches;
      first_bad = std::min(first_bad, i);
      const double err = std::fabs(static_cast<double>(g) - static_cast<double>(e));
      max_abs_error =
          std::max(max_abs_error, std::isnan(err) ? std::numeric_limits<double>::infinity() : err);
    }
  }
  Verification v;
  v.checked = n;
  v.mismatches = mismatches;
  v.max_abs_error = max_abs_error;
  v.tolerance = 0;
  v.verdict = mismatches == 0 ? Verdict::pass : Verdict::fail;
  if (mismatches != 0) {
    std::ostringstream detail;
    detail.precision(17);
    detail << mismatches << " of " << n << " values differ; first at index " << first_bad
           << ": expected " << expected(first_bad) << ", got " << got(first_bad);
    v.detail = detail.str();
  }
  return v;
}

}  // namespace ridgeline::cpu
