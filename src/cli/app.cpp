#include "cli/app.hpp"

#include <fmt/core.h>

#include <CLI/CLI.hpp>

#include "backends/backend.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "core/build_info.hpp"

namespace ridgeline::cli {
namespace {

std::string version_text() {
  std::string backends;
  for (const auto& b : make_backends())
    backends += (backends.empty() ? "" : " ") + std::string(b->name());
  return fmt::format("ridgeline {} (git {}, {}, backends: {})", build_info::kVersion,
                     build_info::kGitSha, build_info::kCompiler, backends);
}

int usage_error(const std::string& message, const CLI::App& app) {
  fmt::print(stderr, "ridgeline: error: {}\n", message);
  fmt::print(stderr, "usage: {} (see {} --help)\n", app.get_name(), app.get_name());
  return kExitUsage;
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{
      "ridgeline: measures compute throughput, memory bandwidth and the ridge point "
      "between them",
      "ridgeline"};
  app.set_version_flag("--version", version_text());
  app.require_subcommand(1);

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
      add_chips_command(app),
  };
  // clang-format on

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return usage_error(e.what(), app);
  }

  try {
    for (const auto& sub : subcommands)
      if (*sub.command) return sub.action();
  } catch (const UsageError& e) {
    return usage_error(e.what(), app);
  } catch (const std::exception& e) {
    fmt::print(stderr, "ridgeline: error: {}\n", e.what());
    return kExitFailures;
  }
  return kExitUsage;
}

}  // namespace ridgeline::cli
