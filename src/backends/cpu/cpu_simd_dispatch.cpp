// Which SIMD variant of the compute-bound kernels runs: the build lists the variants it
// compiled (generated cpu_simd_variants.inc, best first), and the first one this CPU
// runs is chosen, unless RIDGELINE_CPU_SIMD names one.
#include <cstdlib>
#include <string>
#include <string_view>

#include "backends/cpu/cpu_simd_variant.hpp"

// RL_SIMD_VARIANT(namespace) per compiled variant.
#define RL_SIMD_VARIANT(ns)                                \
  namespace ridgeline::cpu::ns {                           \
  extern const ::ridgeline::cpu::SimdVariant simd_variant; \
  }
#include "backends/cpu/cpu_simd_variants.inc"
#undef RL_SIMD_VARIANT

namespace ridgeline::cpu {
namespace {

const SimdVariant* const kCompiled[] = {
#define RL_SIMD_VARIANT(ns) &ns::simd_variant,
#include "backends/cpu/cpu_simd_variants.inc"
#undef RL_SIMD_VARIANT
};

std::string names() {
  std::string out;
  for (const SimdVariant* v : kCompiled) out += (out.empty() ? "" : ", ") + std::string(v->name);
  return out;
}

#if defined(__x86_64__)
// The micro-architecture levels as the compilers' own checks test them (including the
// OS's support for the AVX and AVX-512 register state); clang before 16 knows only the
// single features, and of x86-64-v3's those the variant's code can use.
bool has_x86_64_v3() {
  __builtin_cpu_init();
#if defined(__clang__) && __clang_major__ < 16
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
         __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2") &&
         __builtin_cpu_supports("popcnt");
#else
  return __builtin_cpu_supports("x86-64-v3");
#endif
}
bool has_x86_64_v4() {
#if defined(__clang__) && __clang_major__ < 16
  return has_x86_64_v3() && __builtin_cpu_supports("avx512f") &&
         __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512cd");
#else
  __builtin_cpu_init();
  return __builtin_cpu_supports("x86-64-v4");
#endif
}
#endif

}  // namespace

std::span<const SimdVariant* const> compiled_simd_variants() { return kCompiled; }

bool runs_here(const SimdVariant& variant) {
  switch (variant.requires_level) {
    case SimdLevel::none:
      return true;
#if defined(__x86_64__)
    case SimdLevel::x86_64_v3:
      return has_x86_64_v3();
    case SimdLevel::x86_64_v4:
      return has_x86_64_v4();
#else
    default:
      return false;
#endif
  }
  return false;
}

SimdChoice choose_simd(std::string_view requested) {
  SimdChoice choice;
  if (!requested.empty()) {
    for (const SimdVariant* v : kCompiled) {
      if (requested != v->name) continue;
      if (runs_here(*v))
        choice.variant = v;
      else
        choice.why_none = "RIDGELINE_CPU_SIMD=" + std::string(requested) + ": this CPU lacks " +
                          v->name + "'s instructions";
      return choice;
    }
    choice.why_none = "RIDGELINE_CPU_SIMD=" + std::string(requested) +
                      ": not a variant of this build (" + names() + ")";
    return choice;
  }
  for (const SimdVariant* v : kCompiled)
    if (runs_here(*v)) {
      choice.variant = v;
      return choice;
    }
  choice.why_none = "this CPU runs none of the compiled SIMD levels (" + names() +
                    "; x86-64-v3 needs AVX2 and FMA), and a software fma() is no peak";
  return choice;
}

const SimdChoice& simd_choice() {
  static const SimdChoice choice = [] {
    const char* requested = std::getenv("RIDGELINE_CPU_SIMD");
    return choose_simd(requested != nullptr ? requested : "");
  }();
  return choice;
}

std::string simd_description() {
  const SimdChoice& c = simd_choice();
  if (c.variant == nullptr) return "none: " + c.why_none;
  return std::string(c.variant->name) + " (" + c.variant->isa + ")";
}

}  // namespace ridgeline::cpu
