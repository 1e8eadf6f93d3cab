#include "analysis/datasheet_match.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace ridgeline {
namespace {

struct NameRule {
  std::string_view model;    // a whole word of the device name, e.g. "H100"
  std::string_view variant;  // another word that must also appear ("" = any)
  std::string_view chip_id;
};

// More specific rules first. Runtime names: "NVIDIA H100 80GB HBM3" (SXM5), "NVIDIA H100
// PCIe", "NVIDIA H200", "NVIDIA H20", "NVIDIA A100-SXM4-80GB", "AMD Instinct MI300X".
constexpr std::array<NameRule, 14> kRules{{
    {"H100", "PCIe", "nvidia-h100-pcie"},
    {"H100", "", "nvidia-h100-sxm5"},
    {"H800", "", "nvidia-h800-sxm5"},
    {"H200", "", "nvidia-h200-sxm"},
    {"H20", "", "nvidia-h20"},
    {"A100", "80GB", "nvidia-a100-sxm-80gb"},
    {"B200", "", "nvidia-b200"},
    {"B300", "", "nvidia-b300"},
    {"L20", "", "nvidia-l20"},
    {"MI250X", "", "amd-mi250x"},
    {"MI300X", "", "amd-mi300x"},
    {"MI308X", "", "amd-mi308x"},
    {"MI325X", "", "amd-mi325x"},
    {"Gaudi3", "", "intel-gaudi3"},
}};

// Words of a device name, split at anything that is not a letter or digit, so
// "A100-SXM4-80GB" gives A100, SXM4, 80GB.
std::vector<std::string> words_of(std::string_view name) {
  std::vector<std::string> words;
  std::string word;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      word += c;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

bool has_word(const std::vector<std::string>& words, std::string_view w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

}  // namespace

std::optional<std::string> datasheet_id_for(const DeviceInfo& device) {
  if (device.backend == "cpu" || device.backend == "datasheet") return std::nullopt;
  const auto words = words_of(device.name);
  for (const NameRule& rule : kRules)
    if (has_word(words, rule.model) && (rule.variant.empty() || has_word(words, rule.variant)))
      return std::string(rule.chip_id);
  return std::nullopt;
}

}  // namespace ridgeline
