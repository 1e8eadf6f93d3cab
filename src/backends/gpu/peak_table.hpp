// Vector-unit (not tensor-core / MFMA) multiply-add rates per SM (NVIDIA) or CU (AMD) per
// clock for each architecture, and the "% of peak at the observed clock" built from them:
// peak = SMs x multiply-adds per SM per clock x 2 flops x clock. Unknown stays unknown
// (std::nullopt): no rate is guessed where no public source gives it.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/dtype.hpp"

namespace ridgeline::gpu {

struct ArchRates {
  // "sm_90" ("sm_90a" maps to it); "gfx942" ("gfx942:sramecc+:xnack-", gfx940 and gfx941
  // map to it).
  std::string_view arch;
  std::string_view example;
  // Multiply-adds per SM/CU per clock; packed types count each lane. On CDNA2 and later
  // fp32 is the packed rate (v_pk_fma_f32, two lanes per instruction), as AMD's vector
  // peak counts it; fp32_unpacked is the one-lane v_fma_f32 rate, what a kernel the
  // compiler did not pack can reach. NVIDIA has no packed fp32: fp32_unpacked is empty.
  std::optional<double> fp64, fp32, fp16, bf16, int32, int8, fp32_unpacked;
  std::string_view source;
};

// The table row an architecture name belongs to: "sm_90a" -> "sm_90", "90" -> "sm_90",
// "gfx942:sramecc+:xnack-" -> "gfx942"; gfx940/gfx941 share gfx942's rates.
std::string base_arch(std::string_view arch);
// 90 for "sm_90a", 100 for "sm_100"; 0 for anything that is not an NVIDIA arch.
int sm_number(std::string_view arch);

// "sm_90", "sm_90a", "90" all find the sm_90 row; "gfx942:sramecc+:xnack-" and "gfx940"
// find gfx942; nullptr for an unknown architecture.
const ArchRates* find_arch(std::string_view arch);
std::optional<double> fma_per_sm_per_clock(const ArchRates& arch, DType t);

// Peak in GFLOP/s (GOP/s for integers) for `sms` SMs at `clock_mhz`; nullopt when the
// table has no rate for this dtype or the inputs are not positive.
std::optional<double> peak_gflops(std::string_view arch, DType t, int sms, double clock_mhz);
// The fp32 peak without packed instructions (AMD CDNA2+: half of peak_gflops(fp32)).
std::optional<double> fp32_unpacked_peak_gflops(std::string_view arch, int sms, double clock_mhz);
// measured / peak_gflops x 100.
std::optional<double> percent_of_peak(double measured_gflops, std::string_view arch, DType t,
                                      int sms, double clock_mhz);

}  // namespace ridgeline::gpu
