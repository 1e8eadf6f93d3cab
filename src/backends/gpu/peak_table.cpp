#include "backends/gpu/peak_table.hpp"

#include <array>
#include <cctype>
#include <string>

namespace ridgeline::gpu {
namespace {

// Sources: the "arithmetic instructions" throughput table of the CUDA C++ Programming
// Guide (results per clock cycle per multiprocessor) and the architecture whitepapers'
// non-tensor peaks divided by SMs x boost clock x 2. A100: 19.5 TFLOPS fp32 = 108 x 64 x
// 2 x 1.41 GHz; H100 SXM: 66.9 TFLOPS fp32 = 132 x 128 x 2 x 1.98 GHz, fp16/bf16
// (non-tensor) 133.8 TFLOPS = 256 per SM per clock. int8 dp4a rates are not published
// per SM in either source, so they stay unknown.
constexpr std::array<ArchRates, 9> kRates{{
    {"sm_80", "A100", 32, 64, 256, 128, 64, std::nullopt, std::nullopt,
     "CUDA Programming Guide throughput table; NVIDIA A100 whitepaper (non-tensor peaks)"},
    {"sm_86", "RTX 3090, A40", 2, 128, 128, std::nullopt, 64, std::nullopt, std::nullopt,
     "CUDA Programming Guide throughput table; NVIDIA Ampere GA102 whitepaper"},
    {"sm_89", "RTX 4090, L40S", 2, 128, 128, std::nullopt, 64, std::nullopt, std::nullopt,
     "CUDA Programming Guide throughput table; NVIDIA Ada Lovelace whitepaper"},
    {"sm_90", "H100, H200, H20", 64, 128, 256, 256, 64, std::nullopt, std::nullopt,
     "CUDA Programming Guide throughput table; NVIDIA H100 whitepaper (non-tensor peaks)"},
    {"sm_100", "B200", 64, 128, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
     std::nullopt, "CUDA Programming Guide throughput table (fp32, fp64)"},
    {"sm_120", "RTX 5090", 2, 128, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
     std::nullopt, "CUDA Programming Guide throughput table (fp32, fp64)"},
    // AMD: the datasheets' vector peaks divided by CUs x peak engine clock x 2. No
    // vector fp16/bf16/int rate is published per CU, so those stay unknown.
    {"gfx90a", "MI210, MI250, MI250X", 64, 128, std::nullopt, std::nullopt, std::nullopt,
     std::nullopt, 64,
     "AMD Instinct MI250X datasheet: 220 CU at 1.7 GHz; FP64 vector 47.9 TF = 64, FP32 "
     "vector 47.9 TF = 64, packed FP32 95.7 TF = 128 FMA per CU per clock"},
    {"gfx942", "MI300X, MI300A, MI308X, MI325X", 64, 128, std::nullopt, std::nullopt, std::nullopt,
     std::nullopt, 64,
     "AMD Instinct MI300X datasheet: 304 CU at 2.1 GHz; FP64 vector 81.7 TF = 64, FP32 "
     "vector 163.4 TF = 128 FMA per CU per clock (packed FP32 counted as two lanes)"},
    {"gfx950", "MI350X, MI355X", 64, 128, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
     64,
     "AMD Instinct MI355X datasheet: 256 CU at 2.4 GHz; FP64 vector 78.6 TF = 64, FP32 "
     "vector 157.3 TF = 128 FMA per CU per clock (packed FP32 counted as two lanes)"},
}};

}  // namespace

std::string base_arch(std::string_view arch) {
  std::string out(arch);
  if (out.rfind("gfx", 0) == 0) {
    out = out.substr(0, out.find(':'));  // target features, not a different chip
    if (out == "gfx940" || out == "gfx941") out = "gfx942";
    return out;
  }
  if (out.rfind("sm_", 0) != 0) out = "sm_" + out;
  while (!out.empty() && !std::isdigit(static_cast<unsigned char>(out.back()))) out.pop_back();
  return out;
}

int sm_number(std::string_view arch) {
  const std::string base = base_arch(arch);
  if (base.rfind("sm_", 0) != 0 || base.size() == 3) return 0;
  int sm = 0;
  for (std::size_t i = 3; i < base.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(base[i]))) return 0;
    sm = sm * 10 + (base[i] - '0');
  }
  return sm;
}

const ArchRates* find_arch(std::string_view arch) {
  const std::string base = base_arch(arch);
  for (const ArchRates& r : kRates)
    if (r.arch == base) return &r;
  return nullptr;
}

std::optional<double> fma_per_sm_per_clock(const ArchRates& arch, DType t) {
  switch (t) {
    case DType::fp64:
      return arch.fp64;
    case DType::fp32:
      return arch.fp32;
    case DType::fp16:
      return arch.fp16;
    case DType::bf16:
      return arch.bf16;
    case DType::int32:
      return arch.int32;
    case DType::int8:
      return arch.int8;
    case DType::tf32:
    case DType::fp8_e4m3:
    case DType::fp8_e5m2:
      return std::nullopt;  // matrix-unit formats: see matrix_peak_table.hpp
  }
  return std::nullopt;
}

std::optional<double> peak_gflops(std::string_view arch, DType t, int sms, double clock_mhz) {
  const ArchRates* rates = find_arch(arch);
  if (rates == nullptr || sms <= 0 || !(clock_mhz > 0)) return std::nullopt;
  const auto per_clock = fma_per_sm_per_clock(*rates, t);
  if (!per_clock) return std::nullopt;
  return static_cast<double>(sms) * *per_clock * 2.0 * clock_mhz * 1e-3;
}

std::optional<double> fp32_unpacked_peak_gflops(std::string_view arch, int sms, double clock_mhz) {
  const ArchRates* rates = find_arch(arch);
  if (rates == nullptr || !rates->fp32_unpacked || sms <= 0 || !(clock_mhz > 0))
    return std::nullopt;
  return static_cast<double>(sms) * *rates->fp32_unpacked * 2.0 * clock_mhz * 1e-3;
}

std::optional<double> percent_of_peak(double measured_gflops, std::string_view arch, DType t,
                                      int sms, double clock_mhz) {
  const auto peak = peak_gflops(arch, t, sms, clock_mhz);
  if (!peak) return std::nullopt;
  return measured_gflops / *peak * 100.0;
}

}  // namespace ridgeline::gpu
