#include "cli/loaded_inputs.hpp"

#include <fmt/core.h>

#include <filesystem>
#include <map>
#include <regex>

#include "analysis/input_checks.hpp"
#include "cli/exit_codes.hpp"
#include "results/input_source.hpp"

namespace ridgeline::cli {
namespace {

// "Intel(R) Xeon(R) Processor @ 2.50GHz" -> "Intel Xeon @ 2.50GHz": the marks and filler
// words take room in a legend and tell nothing.
std::string short_device_name(const DeviceInfo& device) {
  static const std::regex kFiller(R"(\((R|TM|tm)\)|\bCPU\b|\bProcessor\b)");
  static const std::regex kSpaces(R"(\s+)");
  std::string name = std::regex_replace(device.name, kFiller, "");
  name = std::regex_replace(name, kSpaces, " ");
  const auto first = name.find_first_not_of(' ');
  const auto last = name.find_last_not_of(' ');
  name = first == std::string::npos ? std::string() : name.substr(first, last - first + 1);
  return name.empty() ? device.id : name;
}

std::string label_of(const ResultFile& file, const std::string& argument) {
  if (file.kind == FileKind::datasheet && file.datasheet)
    return file.datasheet->name.empty() ? file.datasheet->id : file.datasheet->name;
  if (!file.device.name.empty() || !file.device.id.empty()) return short_device_name(file.device);
  return std::filesystem::path(argument).stem().string();
}

// The datasheet name without the vendor, variant notes or alternative names:
// "NVIDIA H20 (96GB)" -> "H20", "NVIDIA B300 / Blackwell Ultra (HGX B300)" -> "B300".
std::string tag_of(const ResultFile& file, const std::string& label) {
  if (file.kind != FileKind::datasheet || !file.datasheet) return label;
  std::string tag = label;
  const std::string& vendor = file.datasheet->vendor;
  if (!vendor.empty() && tag.starts_with(vendor + " ")) tag.erase(0, vendor.size() + 1);
  for (const char* cut : {" (", " / "})
    if (const auto at = tag.find(cut); at != std::string::npos && at > 0) tag.erase(at);
  return tag.empty() ? label : tag;
}

}  // namespace

void warn_about_input(const std::string& argument, const ResultFile& file) {
  for (const auto& problem : input_warnings(file))
    fmt::print(stderr, "ridgeline: warning: {}: {}\n", argument, problem);
}

std::vector<LoadedInput> load_inputs(std::span<const std::string> arguments) {
  if (arguments.empty())
    throw UsageError("no input: name result files or chip:<id> datasheets (ridgeline chips)");
  std::vector<LoadedInput> inputs;
  for (const auto& argument : arguments) {
    auto loaded = load_input(argument);
    if (const auto* error = std::get_if<LoadError>(&loaded)) throw UnreadableInput(error->message);
    auto& file = std::get<ResultFile>(loaded);
    warn_about_input(argument, file);
    std::string label = label_of(file, argument);
    std::string tag = tag_of(file, label);
    inputs.push_back({argument, std::move(file), std::move(label), std::move(tag)});
  }
  std::map<std::string, int> uses;
  for (const auto& in : inputs) ++uses[in.label];
  for (auto& in : inputs)
    if (uses[in.label] > 1 && in.measured()) {
      in.label += " [" + std::filesystem::path(in.argument).filename().string() + "]";
      in.tag = in.label;
    }
  return inputs;
}

}  // namespace ridgeline::cli
