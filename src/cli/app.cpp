#include "cli/app.hpp"

#include <fmt/core.h>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "core/build_info.hpp"

namespace ridgeline::cli {
namespace {

std::string version_text() {
  std::string backends = "cpu";
  if (build_info::kWithCuda) backends += " cuda";
  if (build_info::kWithHip) backends += " hip";
  return fmt::format("ridgeline {} (git {}, {}, backends: {})", build_info::kVersion,
                     build_info::kGitSha, build_info::kCompiler, backends);
}

std::string joined(int argc, char** argv) {
  std::string s;
  for (int i = 0; i < argc; ++i) s += (i ? " " : "") + std::string(argv[i]);
  return s;
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

  RunOptions run;
  run.command_line = joined(argc, argv);
  auto* run_cmd = app.add_subcommand("run", "measure the device and write a result file");
  run_cmd->add_option("--device", run.device, "auto, cpu, cuda:N or hip:N")->capture_default_str();
  run_cmd->add_option("--suite", run.suite, "quick, default or full")->capture_default_str();
  run_cmd->add_option("--filter", run.filter, "run only benchmarks whose name matches REGEX");
  run_cmd->add_option("--repetitions", run.repetitions,
                      "samples per benchmark (default: quick 5, default 10, full 20)");
  run_cmd->add_option("--size", run.size, "bytes per array, e.g. 1073741824, 512M, 1GiB");
  run_cmd->add_option("--out", run.out, "result file (default results/<device>-<date>.json)");
  auto* list_cmd = app.add_subcommand("list", "print the kernel catalogue with bytes and flops");
  auto* devices_cmd = app.add_subcommand("devices", "list the devices of every backend");

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
    if (*run_cmd) return run_command(run);
    if (*list_cmd) return list_command();
    if (*devices_cmd) return devices_command();
  } catch (const UsageError& e) {
    return usage_error(e.what(), app);
  } catch (const std::exception& e) {
    fmt::print(stderr, "ridgeline: error: {}\n", e.what());
    return kExitFailures;
  }
  return kExitUsage;
}

}  // namespace ridgeline::cli
