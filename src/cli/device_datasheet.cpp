#include "cli/device_datasheet.hpp"

#include "analysis/datasheet_match.hpp"
#include "results/input_source.hpp"

namespace ridgeline::cli {

std::optional<ResultFile> matched_datasheet(const DeviceInfo& device) {
  const auto id = datasheet_id_for(device);
  if (!id) return std::nullopt;
  LoadResult loaded = load_input(std::string(kChipPrefix) + *id);
  if (auto* file = std::get_if<ResultFile>(&loaded)) return std::move(*file);
  return std::nullopt;
}

}  // namespace ridgeline::cli
