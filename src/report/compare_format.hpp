// How `ridgeline compare` shows its results: a terminal table, markdown, CSV or JSON.
// Formatting only; the numbers and verdicts come from analysis/compare.hpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "analysis/compare.hpp"

namespace ridgeline {

enum class CompareFormat { table, markdown, csv, json };
std::optional<CompareFormat> parse_compare_format(std::string_view name);  // table|md|csv|json

// One BASE-vs-NEW comparison with the names the user gave the two inputs.
struct LabelledComparison {
  std::string base;       // "old.json", "chip:nvidia-h20"
  std::string candidate;  // likewise
  std::variant<SampleComparison, CeilingComparison> result;
};

// Every comparison of one invocation. CSV holds one table per mode present (samples
// first), separated by a blank line; JSON is one object.
std::string format_comparisons(const std::vector<LabelledComparison>& comparisons,
                               const CompareOptions& options, CompareFormat format);

}  // namespace ridgeline
