// Matrix-unit (tensor core, MFMA) dense rates per SM/CU per clock for each architecture,
// and which matrix kernel paths an architecture has. Separate from the vector table
// (peak_table.hpp): the same dtype has two peaks, and only this one is a chip's headline.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/dtype.hpp"

namespace ridgeline::gpu {

struct MatrixArchRates {
  std::string_view arch;  // "sm_90", "gfx942"; suffixed forms ("sm_90a") map to the base
  std::string_view example;
  // Dense multiply-adds per SM (NVIDIA) or CU (AMD) per clock; fp32 is AMD's MFMA fp32
  // (NVIDIA has no fp32 tensor path), tf32 is xf32 on gfx94x.
  std::optional<double> fp32, tf32, fp16, bf16, fp8, int8;
  std::string_view source;
};

// "sm_90a", "sm_90", "90" find sm_90; "gfx942:sramecc+:xnack-" finds gfx942.
const MatrixArchRates* find_matrix_arch(std::string_view arch);
std::optional<double> matrix_fma_per_unit_per_clock(const MatrixArchRates& arch, DType t);

// Dense matrix peak in GFLOP/s (GOP/s for int8) for `units` SMs/CUs at `clock_mhz`.
std::optional<double> matrix_peak_gflops(std::string_view arch, DType t, int units,
                                         double clock_mhz);

// Whether `kernel` ("mma", "wgmma") has an instruction for dtype `t` on `arch`:
// mma.sync needs sm_80 (fp8: sm_89 and sm_12x, the only ones where it is native), wgmma is sm_90
// only (the binary carries sm_90a), MFMA has fp32/fp16/bf16/int8 from gfx90a, xf32 on
// gfx940-942 only, fp8 on gfx940-942 (FNUZ) and gfx950 (OCP).
bool matrix_kernel_available(std::string_view arch, std::string_view kernel, DType t);

}  // namespace ridgeline::gpu
