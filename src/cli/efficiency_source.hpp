// `--efficiency-from RUN` (project, roofline): the run is loaded, its device matched to
// its chip's datasheet, and the measured / datasheet share of each ceiling taken
// (analysis/efficiency.hpp). Anything that makes that impossible is one line, exit 2.
#pragma once

#include <optional>
#include <string>

#include "analysis/efficiency.hpp"

namespace ridgeline::cli {

struct EfficiencySource {
  std::string argument;  // as given
  Efficiency efficiency;
};

// Throws UnreadableInput for a file that cannot be read and UsageError for one that
// cannot give an efficiency (a datasheet, a plain Google Benchmark file, a device with no
// datasheet, nothing measured that its datasheet states).
EfficiencySource load_efficiency(const std::string& argument);

// Whether `input` is a datasheet the efficiency is carried to: any chip but the one the
// run measured (whose datasheet stays as stated, beside the run itself).
bool carries_to(const std::optional<EfficiencySource>& source, const ResultFile& input);

// The shares, for a line: "bandwidth 83.3%, bf16 70.8%, fp32 89.6%".
std::string shares_text(const Efficiency& e);

// A stderr warning when carrying the efficiency to `chip` (a datasheet) crosses vendors.
void warn_if_not_sibling(const EfficiencySource& source, const ResultFile& chip,
                         const std::string& chip_argument);

}  // namespace ridgeline::cli
