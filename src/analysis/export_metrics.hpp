// US export-control metrics of a datasheet chip (ECCN 3A090), shown as information beside
// the chip's numbers, never as a legal classification.
//
// TPP (total processing performance) = 2 x MacTOPS x bit length of the operation, the
// maximum over the formats the chip supports; a dense datasheet TOPS/TFLOPS figure is
// 2 x MacTOPS. PD (performance density) = TPP / applicable die area in mm2.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "results/result_model.hpp"

namespace ridgeline {

// The 3A090 thresholds in force since the BIS rule of 17 Oct 2023.
struct ExportRule {
  static constexpr double kTppA = 4800;         // 3A090.a on TPP alone
  static constexpr double kTppDensityA = 1600;  // 3A090.a with PD >= kDensityA
  static constexpr double kDensityA = 5.92;
  static constexpr double kTppB1 = 2400;  // 3A090.b: 2400 <= TPP < 4800, 1.6 <= PD < 5.92
  static constexpr double kDensityB1 = 1.6;
  static constexpr double kTppB2 = 1600;  // 3A090.b: TPP >= 1600, 3.2 <= PD < 5.92
  static constexpr double kDensityB2 = 3.2;
  static constexpr std::string_view kCitation =
      "ECCN 3A090 of the Commerce Control List, 15 CFR 774 Supp. 1; thresholds of the BIS rule "
      "of 17 Oct 2023";
};

// Where a chip sits against the thresholds. `needs_die_area`: TPP alone does not decide
// and the die area is unknown.
enum class ExportTier { unknown, below, tier_b, tier_a, needs_die_area };
std::string_view to_string(ExportTier t);

struct ExportMetrics {
  std::optional<double> tpp;
  std::string tpp_dtype;  // the format that gives the maximum, e.g. "fp8"
  std::optional<double> performance_density;
  ExportTier tier = ExportTier::unknown;
};

// Bits per operand of a datasheet dtype; TF32 counts as 32 because its operands are
// 32-bit words (see results/datasheets/README.md). nullopt for a dtype it does not know.
std::optional<int> operand_bits(std::string_view dtype);

ExportTier export_tier(std::optional<double> tpp, std::optional<double> density);
ExportMetrics export_metrics(const Datasheet& chip);

}  // namespace ridgeline
