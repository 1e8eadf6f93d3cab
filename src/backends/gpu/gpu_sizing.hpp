// Default problem sizes for a GPU from the facts the runtime reports, separated from
// the runtime so they can be tested with made-up devices.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/dtype.hpp"

namespace ridgeline::gpu {

inline constexpr std::uint64_t kGiB = std::uint64_t{1} << 30;
inline constexpr std::uint64_t kArrayGranule = std::uint64_t{2} << 20;  // 2 MiB
// Arrays the largest memory kernel (add, triad) allocates at once.
inline constexpr int kMaxArraysPerCase = 3;

// cache_bytes is every cache between the cores and DRAM that the memory kernels must
// defeat: L2 on NVIDIA, L2 + Infinity Cache (MALL, 256 MiB on MI300X) on AMD.

// One call of the one-array kernels (read, write) lasts at least this long at the memory
// bus's bandwidth, so launch gaps and event resolution stay well under 1% of a call.
inline constexpr double kMinMemoryCallSeconds = 2e-3;

// Bytes per array: at least 4x cache_bytes and at least 1 GiB so the arrays stream from
// DRAM, at least kMinMemoryCallSeconds x bus_bytes_per_second (0: unknown), a multiple
// of 2 MiB, and never more than 80% of free memory for three arrays plus the flush buffer
// (2x cache_bytes). free_bytes == 0 means unknown (no cap).
std::uint64_t array_bytes_for(std::uint64_t cache_bytes, std::uint64_t free_bytes,
                              double bus_bytes_per_second = 0);

// Bytes of the buffer written between samples to evict the arrays from the caches.
std::uint64_t l2_flush_bytes(std::uint64_t cache_bytes);

// Multiply-adds per call that keep the device busy for `seconds` at its vector peak
// (peak table rate, 128 per SM per clock when the table does not know the arch/dtype).
std::uint64_t compute_fmas_for(std::string_view arch, DType t, int sms, double clock_mhz,
                               double seconds);

// Multiply-adds per call that keep the matrix units busy for `seconds` at the matrix
// peak (matrix_peak_table.hpp; 1024 per unit per clock when unknown).
std::uint64_t matrix_fmas_for(std::string_view arch, DType t, int units, double clock_mhz,
                              double seconds);

}  // namespace ridgeline::gpu
