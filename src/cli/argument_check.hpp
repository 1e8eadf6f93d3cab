// Names the first argument no subcommand or option of the CLI11 app knows, with the
// nearest known one ("did you mean"), before CLI11 parses: CLI11 2.1 answers a mistyped
// subcommand with "A subcommand is required" and an unknown option with no suggestion.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace ridgeline::cli {

struct ArgumentProblem {
  std::string message;  // "unknown option '--suit'; did you mean --suite?"
  std::string command;  // whose --help to point at: "run", or "" for ridgeline itself
};

// `args` without the program name. `pseudo_commands` are handled outside CLI11 ("help")
// and count as known commands.
std::optional<ArgumentProblem> find_unknown_argument(const CLI::App& app,
                                                     std::span<const std::string> args,
                                                     std::span<const std::string> pseudo_commands);

// The subcommand `name` names, or nullptr.
const CLI::App* find_subcommand(const CLI::App& app, const std::string& name);

// Every subcommand's name, in the order they were added.
std::vector<std::string> subcommand_names(const CLI::App& app);

}  // namespace ridgeline::cli
