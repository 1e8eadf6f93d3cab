// Vector-unit (not tensor-core) multiply-add rates per SM per clock for each NVIDIA
// architecture, and the "% of peak at the observed clock" built from them:
// peak = SMs x multiply-adds per SM per clock x 2 flops x clock. Unknown stays unknown
// (std::nullopt): no rate is guessed where no public source gives it.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "core/dtype.hpp"

namespace ridgeline::gpu {

struct ArchRates {
  std::string_view arch;  // "sm_90"; "sm_90a" and other suffixed forms map to it
  std::string_view example;
  // Multiply-adds per SM per clock; packed 16-bit types count each lane.
  std::optional<double> fp64, fp32, fp16, bf16, int32, int8;
  std::string_view source;
};

std::span<const ArchRates> arch_rates();
// "sm_90", "sm_90a", "90" all find the sm_90 row; nullptr for an unknown architecture.
const ArchRates* find_arch(std::string_view arch);
std::optional<double> fma_per_sm_per_clock(const ArchRates& arch, DType t);

// Peak in GFLOP/s (GOP/s for integers) for `sms` SMs at `clock_mhz`; nullopt when the
// table has no rate for this dtype or the inputs are not positive.
std::optional<double> peak_gflops(std::string_view arch, DType t, int sms, double clock_mhz);
// measured / peak_gflops x 100.
std::optional<double> percent_of_peak(double measured_gflops, std::string_view arch, DType t,
                                      int sms, double clock_mhz);

}  // namespace ridgeline::gpu
