#include <fmt/core.h>

#include <algorithm>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "core/spelling.hpp"
#include "report/chip_detail.hpp"
#include "report/chips_table.hpp"
#include "results/input_source.hpp"

namespace ridgeline::cli {
namespace {

struct ChipsOptions {
  std::optional<std::string> id;  // one chip in full, with its sources
  std::string sort = "id";
  std::string format = "table";
  bool export_metrics = false;
};

// `chips ID`: what chip:ID accepts (a common name or a unique prefix does), "chip:" optional.
int one_chip(const std::string& id, TableFormat format) {
  const std::string argument = id.starts_with(kChipPrefix) ? id : std::string(kChipPrefix) + id;
  auto loaded = load_input(argument);
  if (const auto* error = std::get_if<LoadError>(&loaded)) {
    fmt::print(stderr, "ridgeline: error: {}\n", error->message);
    return kExitUsage;
  }
  fmt::print("{}", render(chip_detail(std::get<ResultFile>(loaded)), format));
  return kExitOk;
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

int chips_command(const ChipsOptions& options) {
  const ChipsView view = options.export_metrics ? ChipsView::export_control : ChipsView::specs;
  const auto format = parse_table_format(options.format);
  if (!format)
    throw UsageError("--format '" + options.format + "' is not one of table, md, csv, json");
  if (options.id) {
    if (options.export_metrics || options.sort != "id")
      throw UsageError(
          fmt::format("chips {}: --sort and --export apply to the list of chips, "
                      "not to one",
                      *options.id));
    return one_chip(*options.id, *format);
  }
  const auto keys = chips_sort_keys(view);
  if (std::find(keys.begin(), keys.end(), options.sort) == keys.end()) {
    const auto meant = likely_meant(options.sort, keys);
    throw UsageError("--sort '" + options.sort + "' is not a column" +
                     (meant.empty() ? "" : "; did you mean " + one_of(meant) + "?") +
                     " (valid: " + joined(keys) + ")");
  }

  std::vector<ResultFile> chips;
  for (const auto& id : datasheet_ids()) {
    auto loaded = load_input(std::string(kChipPrefix) + id);
    if (const auto* error = std::get_if<LoadError>(&loaded)) {
      // A broken datasheet is bad input, not a usage mistake: name it, no usage line.
      fmt::print(stderr, "ridgeline: error: {}\n", error->message);
      return kExitUsage;
    }
    chips.push_back(std::move(std::get<ResultFile>(loaded)));
  }
  if (chips.empty()) {
    fmt::print(stderr, "ridgeline: error: no datasheets found (searched {})\n",
               datasheet_directory() ? datasheet_directory()->string() : "nowhere");
    return kExitUsage;
  }
  fmt::print("{}", format_chips(chips, view, options.sort, *format));
  return kExitOk;
}

}  // namespace

Subcommand add_chips_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "chips", "list the chip datasheets (chip:<id>) with their ridge points or export metrics");
  auto options = std::make_shared<ChipsOptions>();
  cmd->add_option("ID", options->id,
                  "one chip in full with its sources: an id, a common name or a unique prefix "
                  "(h20, mi300x)");
  cmd->add_option("--sort", options->sort,
                  "column to sort by: numbers descending, text ascending, unknown last")
      ->default_str("id");
  cmd->add_option("--format", options->format, "table, md, csv or json")->default_str("table");
  cmd->add_flag("--export", options->export_metrics,
                "show ECCN 3A090 metrics (TPP, performance density) as information");
  return {cmd, [options] { return chips_command(*options); }};
}

}  // namespace ridgeline::cli
