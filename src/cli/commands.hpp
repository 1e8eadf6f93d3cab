// The subcommands. Each returns the process exit code (see exit_codes.hpp) and throws
// UsageError for bad input.
#pragma once

#include <optional>
#include <string>

namespace ridgeline::cli {

struct RunOptions {
  std::string device = "auto";
  std::string suite = "default";
  std::optional<std::string> filter;
  std::optional<int> repetitions;
  std::optional<std::string> size;
  std::optional<std::string> out;
  std::string command_line;
};

int run_command(const RunOptions& options);
int list_command();
int devices_command();

}  // namespace ridgeline::cli
