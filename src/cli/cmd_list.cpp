#include <fmt/core.h>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "report/catalogue_table.hpp"

namespace ridgeline::cli {

Subcommand add_list_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("list", "print the kernel catalogue with bytes and flops");
  return {cmd, [] {
            fmt::print("{}", format_catalogue());
            return kExitOk;
          }};
}

}  // namespace ridgeline::cli
