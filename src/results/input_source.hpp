// What a command accepts wherever it reads a result: a file path, or chip:<id> for a
// datasheet in results/datasheets/. Both load as a ResultFile through the one reader.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "results/result_reader.hpp"

namespace ridgeline {

inline constexpr std::string_view kChipPrefix = "chip:";

// Where datasheets are looked up, first match wins: $RIDGELINE_DATASHEETS, then
// <binary dir>/datasheets (an offline bundle), <binary dir>/../results/datasheets (a
// build tree), and the source tree this binary was built from.
std::vector<std::filesystem::path> datasheet_search_path();
std::optional<std::filesystem::path> datasheet_directory();
// Every chip id found in the datasheet directory, sorted.
std::vector<std::string> datasheet_ids();

// Loads a path or chip:<name>, where the name is an id or what lookup_chip() accepts
// (chip_lookup.hpp). An unknown or ambiguous name is an `unreadable` LoadError whose one
// line names the argument and the ids it could mean.
LoadResult load_input(std::string_view argument);

}  // namespace ridgeline
