// The CPU's compute-bound kernels (the peak_fma chains and the intensity blocks) are
// compiled once per instruction-set level, from one source (simd/cpu_simd_kernels.cpp),
// and the backend picks at run time the best level this CPU runs. A portable build (no
// -march=native) so still issues full-width vector FMAs (x86-64-v3: AVX2 + FMA, 256-bit;
// x86-64-v4: AVX-512, 512-bit) instead of calling libm's fma() per step; a native build
// carries its -march=native level first and the portable levels beside it, so the
// run-time choice and every level's machine code are tested on the build CI makes.
//
// A variant is data: its name, widths and pointers to its kernels. Nothing of a variant
// runs before runs_here() said the CPU has its instructions.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace ridgeline::cpu {

// peak_fma: `chains` independent register-resident chains per thread, each advanced
// `unroll` steps per iteration of the timed loop; run() does `iters` steps (a multiple
// of unroll) of every chain and returns their sum in a fixed order.
template <class T>
struct PeakChains {
  int chains = 0;
  int unroll = 0;
  double (*run)(const T* seeds, std::uint64_t iters) = nullptr;
};

// intensity: blocks of `block` elements advanced together, in place, with one OpenMP
// team over the array. every(): `fmas` multiply-adds on each element; strided(): on every
// stride-th element (stride divides block), the others left bit for bit as they were.
template <class T>
struct IntensityBlocks {
  int block = 0;
  int block_vectors = 0;
  void (*every)(T* x, std::uint64_t n, int fmas) = nullptr;
  void (*strided)(T* x, std::uint64_t n, int fmas, std::uint64_t stride) = nullptr;
};

// What the CPU must support to run a variant.
enum class SimdLevel { none, x86_64_v3, x86_64_v4 };

struct SimdVariant {
  const char* name = "";   // "native", "x86-64-v4", "x86-64-v3", "baseline"
  const char* space = "";  // its C++ namespace, for the audit's symbol patterns
  const char* isa = "";    // the widest vector extension it uses: "avx512f", "avx2"
  int vector_bytes = 0;    // bytes per vector register
  SimdLevel requires_level = SimdLevel::none;
  PeakChains<double> peak_f64;
  PeakChains<float> peak_f32;
  PeakChains<std::int32_t> peak_i32;
  IntensityBlocks<double> intensity_f64;
  IntensityBlocks<float> intensity_f32;

  template <class T>
  int lanes() const {
    return vector_bytes / static_cast<int>(sizeof(T)) > 0
               ? vector_bytes / static_cast<int>(sizeof(T))
               : 1;
  }
  template <class T>
  const PeakChains<T>& peak() const;
  template <class T>
  const IntensityBlocks<T>& intensity() const;
};

template <>
inline const PeakChains<double>& SimdVariant::peak<double>() const {
  return peak_f64;
}
template <>
inline const PeakChains<float>& SimdVariant::peak<float>() const {
  return peak_f32;
}
template <>
inline const PeakChains<std::int32_t>& SimdVariant::peak<std::int32_t>() const {
  return peak_i32;
}
template <>
inline const IntensityBlocks<double>& SimdVariant::intensity<double>() const {
  return intensity_f64;
}
template <>
inline const IntensityBlocks<float>& SimdVariant::intensity<float>() const {
  return intensity_f32;
}

// Every variant this build compiled, best first (native, then the widest).
std::span<const SimdVariant* const> compiled_simd_variants();
// Whether this CPU (and its OS, for the AVX-512 register state) runs the variant.
bool runs_here(const SimdVariant& variant);

// The variant the CPU backend runs: RIDGELINE_CPU_SIMD=<name> when set, else the first
// compiled one that runs here. nullptr with the reason when there is none.
struct SimdChoice {
  const SimdVariant* variant = nullptr;
  std::string why_none;
};
const SimdChoice& simd_choice();
// The choice for a given RIDGELINE_CPU_SIMD value (empty: automatic); for tests.
SimdChoice choose_simd(std::string_view requested);

// "x86-64-v4 (avx512f)", or the reason there is none.
std::string simd_description();

}  // namespace ridgeline::cpu
