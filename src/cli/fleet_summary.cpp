#include "cli/fleet_summary.hpp"

#include <fmt/core.h>

#include "cli/device_datasheet.hpp"
#include "cli/fleet_exit.hpp"
#include "report/fleet_format.hpp"
#include "results/output_target.hpp"

namespace ridgeline::cli {

int summarize_fleet(std::vector<std::pair<std::string, ResultFile>> files,
                    const std::filesystem::path& dir, std::FILE* out) {
  const FleetJudgement j = judge_fleet(fleet_members(std::move(files)), {}, matched_datasheet);
  fmt::print(out, "\n{}", format_fleet(j, TableFormat::table));
  const auto path = dir / kFleetSummaryFile;
  try {
    OutputTarget(path.string()).write(format_fleet(j, TableFormat::json));
    fmt::print(out, "fleet summary in {}\n", path.string());
  } catch (const std::exception& e) {
    fmt::print(stderr, "ridgeline: error: could not write {}: {}\n", path.string(), e.what());
  }
  return fleet_exit_code(j);
}

}  // namespace ridgeline::cli
