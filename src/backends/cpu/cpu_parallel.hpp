// The one static schedule every CPU loop uses: first touch, kernels and verification
// split an array identically, so each thread streams the pages it placed itself.
#pragma once

#include <omp.h>

#include <cstdint>

namespace ridgeline::cpu {

inline int worker_threads() { return omp_get_max_threads(); }

// body(i) for i in [0, n), vectorised within a thread's contiguous block. Each thread
// gets its own copy of body, so captured scalars stay in registers instead of being
// reloaded through a shared reference after every store.
template <class Body>
inline void parallel_for_static(std::uint64_t n, Body body) {
#pragma omp parallel for simd schedule(static) firstprivate(body)
  for (std::uint64_t i = 0; i < n; ++i) body(i);
}

}  // namespace ridgeline::cpu
