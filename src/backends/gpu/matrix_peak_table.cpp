#include "backends/gpu/matrix_peak_table.hpp"

#include <array>
#include <cctype>
#include <string>

#include "backends/gpu/peak_table.hpp"

namespace ridgeline::gpu {
namespace {

// Datasheet dense peak / (units x 2 x boost clock), each a power of two:
// A100 312 TFLOPS fp16 = 108 SM x 1024 x 2 x 1.41 GHz; H100 SXM 989.4 = 132 x 2048 x 2 x
// 1.83 GHz (fp8/int8 1978.9 = x 4096); MI250X 383 = 220 CU x 512 x 2 x 1.7 GHz (fp32
// MFMA 95.7 = x 128); MI300X 1307.4 = 304 x 1024 x 2 x 2.1 GHz (xf32 653.7 = x 512, fp8
// and int8 2614.9 = x 2048); MI355X 2516 = 256 x 2048 x 2 x 2.4 GHz (fp8 x 4096). Blackwell
// and consumer parts are left unknown: no clean per-SM rate follows from their sheets.
constexpr std::array<MatrixArchRates, 5> kMatrixRates{{
    {"sm_80", "A100", std::nullopt, 512, 1024, 1024, std::nullopt, 2048,
     "NVIDIA A100 datasheet and whitepaper (dense tensor peaks)"},
    {"sm_90", "H100, H200, H20", std::nullopt, 1024, 2048, 2048, 4096, 4096,
     "NVIDIA H100 datasheet and whitepaper (dense tensor peaks)"},
    {"gfx90a", "MI210, MI250X", 128, std::nullopt, 512, 512, std::nullopt, 512,
     "AMD Instinct MI250X datasheet; CDNA2 ISA guide (MFMA rates)"},
    {"gfx942", "MI300X, MI300A, MI308X, MI325X", 128, 512, 1024, 1024, 2048, 2048,
     "AMD Instinct MI300X datasheet; CDNA3 ISA guide (MFMA rates)"},
    {"gfx950", "MI350X, MI355X", 128, std::nullopt, 2048, 2048, 4096, 4096,
     "AMD Instinct MI355X datasheet; CDNA4 ISA guide (MFMA rates)"},
}};

}  // namespace

const MatrixArchRates* find_matrix_arch(std::string_view arch) {
  const std::string base = base_arch(arch);
  for (const MatrixArchRates& r : kMatrixRates)
    if (r.arch == base) return &r;
  return nullptr;
}

std::optional<double> matrix_fma_per_unit_per_clock(const MatrixArchRates& arch, DType t) {
  switch (t) {
    case DType::fp32:
      return arch.fp32;
    case DType::tf32:
      return arch.tf32;
    case DType::fp16:
      return arch.fp16;
    case DType::bf16:
      return arch.bf16;
    case DType::fp8_e4m3:
    case DType::fp8_e5m2:
      return arch.fp8;
    case DType::int8:
      return arch.int8;
    case DType::fp64:
    case DType::int32:
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<double> matrix_peak_gflops(std::string_view arch, DType t, int units,
                                         double clock_mhz) {
  const MatrixArchRates* rates = find_matrix_arch(arch);
  if (rates == nullptr || units <= 0 || !(clock_mhz > 0)) return std::nullopt;
  const auto per_clock = matrix_fma_per_unit_per_clock(*rates, t);
  if (!per_clock) return std::nullopt;
  return static_cast<double>(units) * *per_clock * 2.0 * clock_mhz * 1e-3;
}

bool matrix_kernel_available(std::string_view arch, std::string_view kernel, DType t) {
  const std::string base = base_arch(arch);
  const bool fp8 = t == DType::fp8_e4m3 || t == DType::fp8_e5m2;
  if (base.rfind("gfx", 0) == 0) {
    if (kernel != "mma") return false;
    const bool cdna2_or_later = base == "gfx90a" || base == "gfx942" || base == "gfx950";
    const bool cdna3 = base == "gfx942";
    switch (t) {
      case DType::fp32:
      case DType::fp16:
      case DType::bf16:
      case DType::int8:
        return cdna2_or_later;
      case DType::tf32:
        return cdna3;  // xf32: gfx950 dropped it
      default:
        return fp8 && (cdna3 || base == "gfx950");  // FNUZ on gfx94x, OCP on gfx950
    }
  }
  const int sm = sm_number(base);
  if (kernel == "wgmma")
    return sm == 90 && t != DType::fp32 && t != DType::tf32 &&
           (fp8 || t == DType::fp16 || t == DType::bf16 || t == DType::int8);
  if (kernel != "mma" || sm < 80) return false;
  // fp8 mma.sync is a tensor instruction (QMMA.16832) on sm_89 and sm_12x only; for sm_90,
  // sm_100, sm_103 and sm_110 ptxas lowers it to fp8->f16 conversions plus f16 HMMAs, a
  // different rate (their fp8 path is wgmma / tcgen05).
  if (fp8) return sm == 89 || sm >= 120;
  return t == DType::fp16 || t == DType::bf16 || t == DType::tf32 || t == DType::int8;
}

}  // namespace ridgeline::gpu
