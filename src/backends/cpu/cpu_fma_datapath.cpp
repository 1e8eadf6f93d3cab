#include "backends/cpu/cpu_fma_datapath.hpp"

#include <cstring>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

namespace ridgeline::cpu {

// Only cores whose FMA pipes are documented the same across their family are listed
// (AMD's Software Optimization Guides for families 17h and 19h). Intel's Xeons differ
// within one family (one or two 512-bit FMA units by SKU) and Zen 5 by product (full
// 512-bit pipes on EPYC, 256-bit on some mobile parts), so they stay unknown, and their
// bound is the widest core's.
std::optional<FmaDatapath> fma_datapath(std::string_view vendor, int family, int model) {
  if (vendor != "AuthenticAMD") return std::nullopt;
  if (family == 0x19) return FmaDatapath{512, "AMD family 19h (Zen 3/4): two 256-bit FMA pipes"};
  if (family == 0x17 && model >= 0x30)
    return FmaDatapath{512, "AMD family 17h (Zen 2): two 256-bit FMA pipes"};
  if (family == 0x17) return FmaDatapath{256, "AMD family 17h (Zen/Zen+): two 128-bit FMA pipes"};
  return std::nullopt;
}

namespace {

std::optional<FmaDatapath> read_this_cpu() {
#if defined(__x86_64__)
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid(0, &eax, &ebx, &ecx, &edx) == 0) return std::nullopt;
  char vendor[13] = {};
  std::memcpy(vendor, &ebx, 4);
  std::memcpy(vendor + 4, &edx, 4);
  std::memcpy(vendor + 8, &ecx, 4);
  if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) == 0) return std::nullopt;
  const int base_family = static_cast<int>((eax >> 8) & 0xf);
  const int base_model = static_cast<int>((eax >> 4) & 0xf);
  // The extended fields count only where the base family is 0xf (AMD) or 6/0xf (Intel).
  const int family =
      base_family == 0xf ? base_family + static_cast<int>((eax >> 20) & 0xff) : base_family;
  const int model = base_family == 0xf || base_family == 6
                        ? base_model + (static_cast<int>((eax >> 16) & 0xf) << 4)
                        : base_model;
  return fma_datapath(vendor, family, model);
#else
  return std::nullopt;
#endif
}

}  // namespace

const std::optional<FmaDatapath>& this_cpu_fma_datapath() {
  static const std::optional<FmaDatapath> datapath = read_this_cpu();
  return datapath;
}

}  // namespace ridgeline::cpu
