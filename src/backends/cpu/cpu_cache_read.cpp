// cache_read on the host (kernels/working_set.hpp CacheRead): every thread reads the
// whole working set, starting at its own rotation, `passes` times per call, so the
// working set sits in each core's private caches or the shared last-level cache as its
// size allows, and one call lasts long against the thread team's fork and join.
#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "backends/cpu/cpu_cases.hpp"
#include "backends/cpu/cpu_memory.hpp"
#include "backends/cpu/cpu_parallel.hpp"
#include "backends/cpu/cpu_simd.hpp"
#include "backends/cpu/cpu_verify.hpp"
#include "core/units.hpp"
#include "kernels/working_set.hpp"

namespace ridgeline::cpu {
namespace {
namespace k = kernels;

// Bytes each thread reads per call: about 1 ms of L1 bandwidth, so the team's fork and
// join (microseconds) stay under 1% even for the smallest working set.
constexpr std::uint64_t kBytesPerThreadPerCall = 64 * kMiB;

// Independent vector accumulators: two loads per cycle times the add latency in flight.
template <class T>
constexpr int kPartials = 8 * kLanes<T>;

// Sum of a[begin, end) with the exact-chunk rule of kernels/stream.hpp: at most
// kExactChunk terms added in T before the chunk is widened to double.
template <class T>
double range_sum(const T* RL_RESTRICT a, std::uint64_t begin, std::uint64_t end) {
  static_assert(k::kExactChunk % kPartials<T> == 0);
  double total = 0;
  for (std::uint64_t chunk = begin; chunk < end; chunk += k::kExactChunk) {
    const std::uint64_t stop = std::min<std::uint64_t>(end, chunk + k::kExactChunk);
    T partial[kPartials<T>] = {};
    std::uint64_t i = chunk;
    for (; i + kPartials<T> <= stop; i += kPartials<T>) {
      // CacheRead::term is the element itself; written out, so the loop vectorises.
#pragma omp simd
      for (int j = 0; j < kPartials<T>; ++j) partial[j] += a[i + j];
    }
    for (; i < stop; ++i) partial[0] += a[i];
    T chunk_sum = 0;
    for (int j = 0; j < kPartials<T>; ++j) chunk_sum += partial[j];
    total += static_cast<double>(chunk_sum);
  }
  return total;
}

// Tells the compiler memory may have changed, so a pass cannot be computed once and
// reused for the next: each pass loads the working set again.
inline void memory_barrier() { asm volatile("" ::: "memory"); }

template <class T>
class CacheReadCase final : public CpuCase {
 public:
  CacheReadCase(std::uint64_t n, double clock_mhz)
      : n_(n / kPartials<T> * kPartials<T>),
        clock_mhz_(clock_mhz),
        threads_(worker_threads()),
        passes_(std::max<std::uint64_t>(1, (kBytesPerThreadPerCall + n_ * sizeof(T) - 1) /
                                               std::max<std::uint64_t>(n_ * sizeof(T), 1))),
        totals_(static_cast<std::size_t>(threads_), 0.0) {
    if (n_ == 0)
      throw std::invalid_argument("cache_read needs at least " + std::to_string(kPartials<T>) +
                                  " elements");
    require_available_memory(array_bytes(n_, sizeof(T), "working set"), "working set");
    a_ = Array<T>(n_, "working set");
    a_.first_touch([](std::uint64_t i) { return k::init_a<T>(i); });
  }

  std::uint64_t work_count() const override { return n_; }
  // Every thread reads the whole set passes_ times per call.
  std::uint64_t passes() const override { return passes_ * static_cast<std::uint64_t>(threads_); }

  double run(int calls) override {
    const T* a = a_.data();
    double* totals = totals_.data();
    const std::uint64_t n = n_;
    const std::uint64_t passes = passes_;
    const int threads = threads_;
    // A thread that did not run leaves NaN, which verify() reports.
    std::fill(totals_.begin(), totals_.end(), std::nan(""));
    const auto start = std::chrono::steady_clock::now();
    for (int call = 0; call < calls; ++call) {
#pragma omp parallel num_threads(threads)
      {
        const auto t = static_cast<std::uint64_t>(omp_get_thread_num());
        const std::uint64_t first =
            t * n / static_cast<std::uint64_t>(threads) / kPartials<T> * kPartials<T>;
        double total = 0;
        for (std::uint64_t pass = 0; pass < passes; ++pass) {
          total += range_sum(a, first, n) + range_sum(a, 0, first);
          memory_barrier();
        }
        totals[t] = total;
      }
    }
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  // Each thread read all of the working set `passes` times in the last call.
  Verification verify() override {
    const double expected = static_cast<double>(passes_) * k::expected_sum<k::CacheRead, T>(n_);
    return verify_exact(
        totals_.size(), [&](std::uint64_t t) { return totals_[t]; },
        [&](std::uint64_t) { return expected; });
  }

  Params configuration() const override {
    return {{"threads", threads_},
            {"passes", passes_},
            {"simd", kVectorIsa},
            {"access", "every thread reads all of the working set, from its own rotation"},
            {"verification", "each thread's sum over all passes, exactly"}};
  }

  std::span<std::byte> result_bytes() override {
    return std::as_writable_bytes(std::span(totals_));
  }

  // Whatever level holds the set, a thread loads at most kMostVectorLoadsPerClock vectors
  // per clock: x86 cores issue two or three, so four leaves room for a turbo clock above
  // the nominal one that cpu_topology reads when cpufreq is absent.
  PhysicalLimits physical_limits() const override {
    PhysicalLimits limits;
    if (clock_mhz_ > 0) {
      limits.bytes_per_second = threads_ * kMostVectorLoadsPerClock *
                                static_cast<double>(kVectorBytes) * clock_mhz_ * 1e6;
      limits.basis = fmt::format("{} threads x {} loads of {} bytes per clock x {:.0f} MHz",
                                 threads_, kMostVectorLoadsPerClock, kVectorBytes, clock_mhz_);
    }
    return limits;
  }

 private:
  static constexpr int kMostVectorLoadsPerClock = 4;
  std::uint64_t n_;
  double clock_mhz_;
  int threads_;
  std::uint64_t passes_;
  Array<T> a_;
  std::vector<double> totals_;  // one per thread, of the last call
};

}  // namespace

std::unique_ptr<CpuCase> make_cache_read_case(const CaseSpec& spec, double clock_mhz) {
  if (spec.array_elements == 0) throw std::invalid_argument("cache_read needs a working set");
  if (spec.dtype != DType::fp32) throw SkipCase("cache_read runs in fp32 only");
  return std::make_unique<CacheReadCase<float>>(spec.array_elements, clock_mhz);
}

}  // namespace ridgeline::cpu
