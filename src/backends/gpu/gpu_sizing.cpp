#include "backends/gpu/gpu_sizing.hpp"

#include <algorithm>

#include "backends/gpu/matrix_peak_table.hpp"
#include "backends/gpu/peak_table.hpp"

namespace ridgeline::gpu {
namespace {
constexpr double kFallbackFmaPerSmClock = 128;
constexpr double kFallbackClockMhz = 1500;
constexpr double kFallbackMatrixFmaPerUnitClock = 1024;
}  // namespace

std::uint64_t l2_flush_bytes(std::uint64_t cache_bytes) {
  const std::uint64_t want = std::max<std::uint64_t>(2 * cache_bytes, kArrayGranule);
  return (want + kArrayGranule - 1) / kArrayGranule * kArrayGranule;
}

std::uint64_t array_bytes_for(std::uint64_t cache_bytes, std::uint64_t free_bytes,
                              double bus_bytes_per_second) {
  const auto long_enough = static_cast<std::uint64_t>(kMinMemoryCallSeconds * bus_bytes_per_second);
  const std::uint64_t wanted = std::max({4 * cache_bytes, kGiB, long_enough});
  std::uint64_t bytes = (wanted + kArrayGranule - 1) / kArrayGranule * kArrayGranule;
  if (free_bytes != 0) {
    const double usable = 0.8 * static_cast<double>(free_bytes);
    const double flush = static_cast<double>(l2_flush_bytes(cache_bytes));
    const double per_array = std::max(0.0, (usable - flush) / kMaxArraysPerCase);
    const auto cap = static_cast<std::uint64_t>(per_array) / kArrayGranule * kArrayGranule;
    bytes = std::min(bytes, std::max(cap, kArrayGranule));
  }
  return bytes;
}

std::uint64_t compute_fmas_for(std::string_view arch, DType t, int sms, double clock_mhz,
                               double seconds) {
  double per_clock = kFallbackFmaPerSmClock;
  if (const ArchRates* rates = find_arch(arch))
    per_clock = fma_per_sm_per_clock(*rates, t).value_or(kFallbackFmaPerSmClock);
  const double hz = (clock_mhz > 0 ? clock_mhz : kFallbackClockMhz) * 1e6;
  return static_cast<std::uint64_t>(std::max(sms, 1) * per_clock * hz * seconds);
}

std::uint64_t matrix_fmas_for(std::string_view arch, DType t, int units, double clock_mhz,
                              double seconds) {
  double per_clock = kFallbackMatrixFmaPerUnitClock;
  if (const MatrixArchRates* rates = find_matrix_arch(arch))
    per_clock = matrix_fma_per_unit_per_clock(*rates, t).value_or(kFallbackMatrixFmaPerUnitClock);
  const double hz = (clock_mhz > 0 ? clock_mhz : kFallbackClockMhz) * 1e6;
  return static_cast<std::uint64_t>(std::max(units, 1) * per_clock * hz * seconds);
}

}  // namespace ridgeline::gpu
