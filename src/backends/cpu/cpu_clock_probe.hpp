// The effective core clock of the CPU's worker threads, measured rather than read: the
// kernel's frequency under AVX-512 load is not what /proc/cpuinfo or cpufreq say.
#pragma once

#include <vector>

namespace ridgeline::cpu {

// Whether this build can measure (the probe is x86-64 inline assembly).
bool clock_probe_available();

// MHz of each of `threads` OpenMP threads, all probing at once for about a millisecond:
// a chain of dependent register-to-register adds retires one add per cycle on every
// x86-64 core (renamers fold only immediate adds, never a register source), so adds per
// second is cycles per second. Empty where the probe is unavailable.
std::vector<double> measure_core_clocks_mhz(int threads);

}  // namespace ridgeline::cpu
