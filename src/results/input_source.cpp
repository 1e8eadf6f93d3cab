#include "results/input_source.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <system_error>

#include "core/binary_location.hpp"
#include "core/spelling.hpp"
#include "results/chip_lookup.hpp"

namespace ridgeline {
namespace {

std::string searched_directories() {
  std::string out;
  for (const auto& p : datasheet_search_path()) out += (out.empty() ? "" : ", ") + p.string();
  return out;
}

bool directory_exists(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::is_directory(p, ec);
}

}  // namespace

std::vector<std::filesystem::path> datasheet_search_path() {
  std::vector<std::filesystem::path> paths;
  if (const char* env = std::getenv("RIDGELINE_DATASHEETS"); env && *env) paths.emplace_back(env);
  if (const auto dir = binary_directory()) {
    paths.push_back(*dir / "datasheets");
    paths.push_back(*dir / ".." / "results" / "datasheets");
  }
#ifdef RIDGELINE_SOURCE_DATASHEETS
  paths.emplace_back(RIDGELINE_SOURCE_DATASHEETS);
#endif
  return paths;
}

std::optional<std::filesystem::path> datasheet_directory() {
  for (const auto& p : datasheet_search_path())
    if (directory_exists(p)) return p.lexically_normal();
  return std::nullopt;
}

std::vector<std::string> datasheet_ids() {
  std::vector<std::string> ids;
  const auto dir = datasheet_directory();
  if (!dir) return ids;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(*dir, ec))
    if (entry.path().extension() == ".json") ids.push_back(entry.path().stem().string());
  std::sort(ids.begin(), ids.end());
  return ids;
}

LoadResult load_input(std::string_view argument) {
  if (!argument.starts_with(kChipPrefix)) return load_result_file(std::filesystem::path(argument));
  const std::string_view name = argument.substr(kChipPrefix.size());
  const auto dir = datasheet_directory();
  if (!dir)
    return LoadError{LoadError::Kind::unreadable, std::string(argument) +
                                                      ": no datasheet directory found (searched " +
                                                      searched_directories() + ")"};
  const auto ids = datasheet_ids();
  const ChipLookup found = lookup_chip(name, ids);
  if (found.outcome == ChipLookup::Outcome::found)
    return load_result_file(*dir / (found.id + ".json"));
  const std::string message =
      found.outcome == ChipLookup::Outcome::ambiguous
          ? std::string(argument) + ": ambiguous, it could be " + one_of(found.candidates) +
                " (give more of the id)"
      : found.candidates.empty()
          ? std::string(argument) + ": no such chip (`ridgeline chips` lists them)"
          : std::string(argument) + ": no such chip; did you mean " + one_of(found.candidates) +
                "? (`ridgeline chips` lists them)";
  return LoadError{LoadError::Kind::unreadable, message};
}

}  // namespace ridgeline
