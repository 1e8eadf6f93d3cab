// How many bits of vector multiply-add a core completes per clock, where its
// micro-architecture is known from CPUID. An AVX-512 FMA is one instruction on every
// core that has it, but not one clock: Zen 4 runs it on its two 256-bit FMA pipes, so
// its peak per clock is half of "lanes x 2 pipes". The peak a run is measured against,
// and the bound that catches skipped work, take the narrower of the two.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ridgeline::cpu {

struct FmaDatapath {
  int bits_per_clock = 0;   // FMA pipes x their width, per core
  std::string description;  // "AMD family 19h (Zen 3/4): two 256-bit FMA pipes"
};

// From CPUID's vendor, family and model (family as CPUID's displayed family: base plus
// extended). nullopt where the core is not one this table knows.
std::optional<FmaDatapath> fma_datapath(std::string_view vendor, int family, int model);
// This machine's, nullopt off x86-64 or where unknown.
const std::optional<FmaDatapath>& this_cpu_fma_datapath();

}  // namespace ridgeline::cpu
