// A compute-bound CPU case with its clock measured: after every timed run the worker
// threads run the clock probe (cpu_clock_probe.hpp), which gives the benchmark its
// conditions (core clock min/median/max under load) and its physical limit, cores x
// SIMD lanes x 2 vector FMA pipes x the highest clock measured (cores: physical ones,
// as SMT siblings share a core's pipes).
#pragma once

#include <memory>

#include "backends/cpu/cpu_cases.hpp"
#include "core/dtype.hpp"

namespace ridgeline::cpu {

// No x86-64 core issues more than two vector multiply-adds per clock (two FMA pipes on
// Zen 4 and 5, Skylake-SP to Granite Rapids; integer multiplies on no more).
inline constexpr int kMaxVectorFmaPerClock = 2;

// `t`: the dtype whose vector lanes bound the rate (fp64, fp32, int32); physical_cores
// 0 when unknown (the threads count then). Cases on a CPU the probe cannot measure are
// returned as they are.
std::unique_ptr<CpuCase> with_measured_clock(std::unique_ptr<CpuCase> inner, DType t, int threads,
                                             int physical_cores);

}  // namespace ridgeline::cpu
