#include "analysis/export_metrics.hpp"

namespace ridgeline {

std::string_view to_string(ExportTier t) {
  switch (t) {
    case ExportTier::unknown:
      return "unknown";
    case ExportTier::below:
      return "below 3A090";
    case ExportTier::tier_b:
      return "3A090.b";
    case ExportTier::tier_a:
      return "3A090.a";
    case ExportTier::needs_die_area:
      return "needs die area";
  }
  return "unknown";
}

std::optional<int> operand_bits(std::string_view dtype) {
  if (dtype == "fp64") return 64;
  if (dtype == "fp32" || dtype == "tf32") return 32;
  if (dtype == "fp16" || dtype == "bf16") return 16;
  if (dtype == "fp8" || dtype == "int8") return 8;
  if (dtype == "fp4") return 4;
  return std::nullopt;
}

ExportTier export_tier(std::optional<double> tpp, std::optional<double> density) {
  using R = ExportRule;
  if (!tpp) return ExportTier::unknown;
  if (*tpp >= R::kTppA) return ExportTier::tier_a;
  if (*tpp < R::kTppDensityA) return ExportTier::below;  // also below every .b prong
  if (!density) return ExportTier::needs_die_area;
  const double pd = *density;
  if (pd >= R::kDensityA) return ExportTier::tier_a;
  const bool b1 = *tpp >= R::kTppB1 && pd >= R::kDensityB1;
  const bool b2 = *tpp >= R::kTppB2 && pd >= R::kDensityB2;
  return b1 || b2 ? ExportTier::tier_b : ExportTier::below;
}

ExportMetrics export_metrics(const Datasheet& chip) {
  ExportMetrics out;
  for (const auto& [dtype, tflops] : chip.peak_tflops) {
    const auto bits = operand_bits(dtype);
    if (!bits) continue;
    const double tpp = tflops * *bits;  // dense TFLOPS (= 2 x MacTOPS) x bit length
    if (!out.tpp || tpp > *out.tpp) {
      out.tpp = tpp;
      out.tpp_dtype = dtype;
    }
  }
  if (out.tpp && chip.die_area_mm2) out.performance_density = *out.tpp / *chip.die_area_mm2;
  out.tier = export_tier(out.tpp, out.performance_density);
  return out;
}

}  // namespace ridgeline
