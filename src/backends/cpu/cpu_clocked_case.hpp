// A compute-bound CPU case with its clock measured: after every timed run the worker
// threads run the clock probe (cpu_clock_probe.hpp), which gives the benchmark its
// conditions (core clock min/median/max under load) and its physical limit, cores x
// FMA lanes per clock x the highest clock measured (cores: physical ones, as SMT
// siblings share a core's pipes). FMA lanes per clock: SIMD lanes x 2 vector FMA pipes,
// or fewer where the core's FMA datapath is known to be narrower (cpu_fma_datapath.hpp).
#pragma once

#include <memory>

#include "backends/cpu/cpu_cases.hpp"
#include "backends/cpu/cpu_simd_variant.hpp"
#include "core/dtype.hpp"

namespace ridgeline::cpu {

// No x86-64 core issues more than two vector multiply-adds per clock (two FMA pipes on
// Zen 2 to 5, Skylake-SP to Granite Rapids; integer multiplies on no more), some of them
// narrower than the vectors (cpu_fma_datapath.hpp).
inline constexpr int kMaxVectorFmaPerClock = 2;

// `t`: the dtype whose vector lanes (in the SIMD variant the case runs) bound the rate
// (fp64, fp32, int32); physical_cores 0 when unknown (the threads count then). Cases on a
// CPU the probe cannot measure are returned as they are.
std::unique_ptr<CpuCase> with_measured_clock(std::unique_ptr<CpuCase> inner,
                                             const SimdVariant& variant, DType t, int threads,
                                             int physical_cores);

}  // namespace ridgeline::cpu
