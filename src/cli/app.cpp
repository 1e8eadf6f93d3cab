#include "cli/app.hpp"

#include <fmt/core.h>

#include <CLI/CLI.hpp>

#include "backends/backend.hpp"
#include "cli/argument_check.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "core/build_info.hpp"
#include "core/spelling.hpp"

namespace ridgeline::cli {
namespace {

// `ridgeline help [COMMAND]`, the help a new user types first; not a CLI11 subcommand,
// so `--help` output and the subcommand list stay as CLI11 makes them.
const std::string kHelpCommand = "help";

std::string version_text() {
  std::string backends;
  for (const auto& b : make_backends())
    if (b->loaded()) backends += (backends.empty() ? "" : " ") + std::string(b->name());
  return fmt::format("ridgeline {} (git {}, {}, backends: {})", build_info::kVersion,
                     build_info::kGitSha, build_info::kCompiler, backends);
}

// Every argument error is this one line: what is wrong, naming the token, and where
// the command's options are listed.
int usage_error(std::string message, const std::string& command) {
  for (auto& ch : message)
    if (ch == '\n') ch = ' ';  // some CLI11 messages span lines
  fmt::print(stderr, "ridgeline: error: {} (see ridgeline {}--help)\n", message,
             command.empty() ? "" : command + " ");
  return kExitUsage;
}

std::string commands_sentence(const CLI::App& app) { return one_of(subcommand_names(app)); }

int help_command(const CLI::App& app, const std::vector<std::string>& args) {
  if (args.size() == 1) {
    fmt::print("{}", app.help());
    return kExitOk;
  }
  const CLI::App* sub = find_subcommand(app, args[1]);
  if (!sub) {
    const auto meant = likely_meant(args[1], subcommand_names(app));
    return usage_error(
        fmt::format("help '{}': no such command{}", args[1],
                    meant.empty() ? fmt::format(" (commands: {})", commands_sentence(app))
                                  : fmt::format("; did you mean {}?", one_of(meant))),
        "");
  }
  if (args.size() > 2)
    return usage_error(fmt::format("help {}: unexpected '{}'", args[1], args[2]), "");
  fmt::print("{}", sub->help(app.get_name()));
  return kExitOk;
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{
      "ridgeline: measures compute throughput, memory bandwidth and the ridge point "
      "between them",
      "ridgeline"};
  app.set_version_flag("-v,--version", version_text());
  app.require_subcommand(1);
  app.footer("`ridgeline help COMMAND` or `ridgeline COMMAND --help` lists a command's options.\n");

  // One line per subcommand (clang-format would pack them); each lives in its own
  // cmd_<name>.cpp.
  // clang-format off
  const std::vector<Subcommand> subcommands{
      add_run_command(app),
      add_list_command(app),
      add_devices_command(app),
      add_roofline_command(app),
      add_project_command(app),
      add_compare_command(app),
      add_show_command(app),
      add_chips_command(app),
      add_fleet_command(app),
  };
  // clang-format on

  const std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  if (args.empty())
    return usage_error(
        fmt::format("no command given; expected one of {}, or help", commands_sentence(app)), "");
  try {
    if (args.front() == kHelpCommand) return help_command(app, args);
    if (const auto problem = find_unknown_argument(app, args, std::span(&kHelpCommand, 1)))
      return usage_error(problem->message, problem->command);
  } catch (const std::exception& e) {  // run_cli never throws (app.hpp)
    return usage_error(e.what(), "");
  }
  // The subcommand whose --help an error points at (args[0] is one, or an option).
  const std::string command = find_subcommand(app, args.front()) ? args.front() : "";

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return usage_error(e.what(), command);
  }

  try {
    for (const auto& sub : subcommands)
      if (*sub.command) return sub.action();
  } catch (const UsageError& e) {
    return usage_error(e.what(), command);
  } catch (const std::exception& e) {
    fmt::print(stderr, "ridgeline: error: {}\n", e.what());
    return kExitFailures;
  }
  return kExitUsage;
}

}  // namespace ridgeline::cli
