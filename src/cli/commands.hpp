// The subcommands. Each file adds one subcommand to the CLI11 app and returns how to
// run it; the action returns the process exit code (see exit_codes.hpp) and throws
// UsageError for bad input.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace ridgeline::cli {

struct Subcommand {
  CLI::App* command = nullptr;
  std::function<int()> action;
};

Subcommand add_run_command(CLI::App& app);
Subcommand add_list_command(CLI::App& app);
Subcommand add_devices_command(CLI::App& app);
Subcommand add_roofline_command(CLI::App& app);
Subcommand add_project_command(CLI::App& app);
Subcommand add_compare_command(CLI::App& app);
Subcommand add_chips_command(CLI::App& app);
Subcommand add_fleet_command(CLI::App& app);
Subcommand add_show_command(CLI::App& app);

}  // namespace ridgeline::cli
