#include <fmt/core.h>

#include <memory>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "report/catalogue_table.hpp"

namespace ridgeline::cli {

Subcommand add_list_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("list", "print the kernel catalogue with bytes and flops");
  auto format = std::make_shared<std::string>("table");
  cmd->add_option("--format", *format, "table, md, csv or json")->capture_default_str();
  return {
      cmd, [format] {
        const auto parsed = parse_table_format(*format);
        if (!parsed)
          throw UsageError(fmt::format("--format '{}': expected {}", *format, kTableFormatNames));
        fmt::print("{}", format_catalogue(*parsed));
        return kExitOk;
      }};
}

}  // namespace ridgeline::cli
