// Comparison of a kernel's output with its host model, in parallel over every value,
// through the one comparer (core/verification.hpp). All CPU kernels are exact by
// construction (small-integer inputs, single-rounding fma_op, fixed summation order),
// so the tolerance is zero.
#pragma once

#include <omp.h>

#include <cstdint>
#include <vector>

#include "core/verification.hpp"

namespace ridgeline::cpu {

// got(i) and expected(i) for i in [0, n) must be arithmetic values.
template <class Got, class Expected>
Comparison verify_values(std::uint64_t n, Got&& got, Expected&& expected) {
  std::vector<Comparison> per_thread(static_cast<std::size_t>(omp_get_max_threads()));
#pragma omp parallel
  {
    Comparison& mine = per_thread[static_cast<std::size_t>(omp_get_thread_num())];
#pragma omp for schedule(static)
    for (std::uint64_t i = 0; i < n; ++i)
      mine.check(i, static_cast<double>(got(i)), static_cast<double>(expected(i)));
  }
  Comparison all;
  for (const Comparison& c : per_thread) all.merge(c);
  return all;
}

template <class Got, class Expected>
Verification verify_exact(std::uint64_t n, Got&& got, Expected&& expected) {
  return verify_values(n, got, expected).result();
}

}  // namespace ridgeline::cpu
