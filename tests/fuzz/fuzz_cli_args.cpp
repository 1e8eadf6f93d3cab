// libFuzzer target: the command line parser. The input is split into arguments at NUL
// or newline bytes and parsed by every subcommand's CLI11 definition; actions are never
// called, so no benchmark runs and no file is written. --size values also go through
// parse_byte_size and counts through parse_count, the hand-written parsers behind the
// options, and every argument list through the "did you mean" check.
#include <CLI/CLI.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "cli/argument_check.hpp"
#include "cli/byte_size.hpp"
#include "cli/commands.hpp"
#include "cli/count_argument.hpp"
#include "cli/exit_codes.hpp"

namespace {

std::vector<std::string> split_arguments(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> args{"ridgeline"};
  std::string current;
  for (std::size_t i = 0; i < size; ++i) {
    const char ch = static_cast<char>(data[i]);
    if (ch == '\0' || ch == '\n') {
      args.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(ch);
    }
  }
  if (!current.empty()) args.push_back(std::move(current));
  return args;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ridgeline::cli;
  const std::vector<std::string> args = split_arguments(data, size);

  CLI::App app{"ridgeline", "ridgeline"};
  app.require_subcommand(1);
  // The same subcommands as run_cli (app.cpp) registers; their actions are not run.
  const std::vector<Subcommand> subcommands{
      add_run_command(app),      add_list_command(app),    add_devices_command(app),
      add_roofline_command(app), add_project_command(app), add_compare_command(app),
      add_chips_command(app),
  };
  // The "did you mean" check that runs before CLI11 (argument_check.hpp).
  static const std::string kHelp = "help";
  (void)find_unknown_argument(app, std::span(args).subspan(1), std::span(&kHelp, 1));
  std::vector<std::string> reversed(args.rbegin(), args.rend() - 1);  // CLI11: last first
  try {
    app.parse(reversed);
  } catch (const CLI::Error&) {  // a usage error (or a request for help): fine
  }

  for (const std::string& arg : args) {
    try {
      (void)parse_byte_size(arg, "--size");
    } catch (const UsageError&) {
    }
    try {
      (void)parse_count(arg, "--params", CountRange{1, 100'000'000'000'000});
    } catch (const UsageError&) {
    }
  }
  return 0;
}
