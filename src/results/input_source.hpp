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

// Loads a path or chip:<id>. An unknown chip id is an `unreadable` LoadError whose
// message names the id and where datasheets were searched.
LoadResult load_input(std::string_view argument);

}  // namespace ridgeline
