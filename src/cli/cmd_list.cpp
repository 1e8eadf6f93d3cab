#include <fmt/core.h>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "report/catalogue_table.hpp"

namespace ridgeline::cli {

int list_command() {
  fmt::print("{}", format_catalogue());
  return kExitOk;
}

}  // namespace ridgeline::cli
