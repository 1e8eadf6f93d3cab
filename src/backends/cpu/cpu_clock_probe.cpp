#include "backends/cpu/cpu_clock_probe.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdint>

namespace ridgeline::cpu {
namespace {

constexpr int kAddsPerBlock = 100;
// Blocks per timed round: 2 million adds, 0.4 ms at 5 GHz and 1 ms at 2 GHz.
constexpr std::uint64_t kBlocksPerRound = 20'000;

#if defined(__x86_64__)
// Adds per second of one thread's dependent chain; the loop counter runs on a separate
// chain beside it and costs no cycle of the measured one.
double dependent_adds_per_second() {
  std::uint64_t x = 0;
  const std::uint64_t one = 1;
  const auto start = std::chrono::steady_clock::now();
  for (std::uint64_t block = 0; block < kBlocksPerRound; ++block)
    asm volatile(".rept 100\n\tadd %1, %0\n\t.endr" : "+r"(x) : "r"(one));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  static_assert(kAddsPerBlock == 100, "the .rept count above");
  return seconds > 0 ? static_cast<double>(kBlocksPerRound * kAddsPerBlock) / seconds : 0;
}
#endif

}  // namespace

bool clock_probe_available() {
#if defined(__x86_64__)
  return true;
#else
  return false;
#endif
}

std::vector<double> measure_core_clocks_mhz(int threads) {
  std::vector<double> mhz;
#if defined(__x86_64__)
  mhz.assign(static_cast<std::size_t>(std::max(threads, 1)), 0.0);
  double* out = mhz.data();
#pragma omp parallel num_threads(threads)
  {
    // Two rounds, the faster kept: the first may include a thread being woken.
    const double rate = std::max(dependent_adds_per_second(), dependent_adds_per_second());
    out[omp_get_thread_num()] = rate / 1e6;
  }
#else
  static_cast<void>(threads);
#endif
  return mhz;
}

}  // namespace ridgeline::cpu
