// The one reader of result files, shared by every command that reads them. Accepts
// ridgeline files (schema major 1) and plain Google Benchmark JSON (kind "gbench").
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <variant>

#include "results/result_model.hpp"

namespace ridgeline {

inline constexpr std::uintmax_t kMaxResultFileBytes = std::uintmax_t{1} << 30;  // 1 GiB
inline constexpr int kMaxJsonDepth = 64;

struct LoadError {
  enum class Kind {
    unreadable,      // missing, a directory, no permission, I/O error
    invalid,         // not JSON, truncated, too large or deep, bad or missing field, NaN
    not_comparable,  // a valid file of a schema or kind this version does not read
  };
  Kind kind;
  std::string message;  // one line, starting with the file name: "x.json: not JSON (...)"
};

std::string_view to_string(LoadError::Kind k);

using LoadResult = std::variant<ResultFile, LoadError>;

LoadResult load_result_file(const std::filesystem::path& path);
// `origin` names the text in messages (a path, or "<stdin>").
LoadResult parse_result_text(std::string_view text, std::string_view origin);

}  // namespace ridgeline
