#include <fmt/core.h>

#include <memory>
#include <variant>

#include "analysis/datasheet_match.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/loaded_inputs.hpp"
#include "report/chip_detail.hpp"
#include "report/run_summary.hpp"
#include "results/input_source.hpp"

namespace ridgeline::cli {
namespace {

struct ShowOptions {
  std::string input;
  std::string format = "table";
};

// The datasheet of the run's chip, for the "% datasheet" columns, as `run` shows them.
std::optional<ResultFile> matched_chip(const DeviceInfo& device) {
  const auto id = datasheet_id_for(device);
  if (!id) return std::nullopt;
  LoadResult loaded = load_input(std::string(kChipPrefix) + *id);
  if (auto* file = std::get_if<ResultFile>(&loaded)) return std::move(*file);
  return std::nullopt;
}

int show_command(const ShowOptions& o) {
  const auto format = parse_table_format(o.format);
  if (!format)
    throw UsageError(fmt::format("--format '{}': expected {}", o.format, kTableFormatNames));
  LoadResult loaded = load_input(o.input);
  if (const auto* error = std::get_if<LoadError>(&loaded)) {
    fmt::print(stderr, "ridgeline: error: {}\n", error->message);
    return kExitUsage;
  }
  const ResultFile& file = std::get<ResultFile>(loaded);
  if (file.kind == FileKind::datasheet) {
    fmt::print("{}", render(chip_detail(file), *format));
    return kExitOk;
  }
  warn_about_input(o.input, file);
  const auto chip = matched_chip(file.device);
  ReportDocument doc =
      run_summary_document(file, chip && chip->datasheet ? &*chip->datasheet : nullptr);
  std::string origin = fmt::format("read from {}", o.input);
  if (!file.tool.version.empty())
    origin += fmt::format(" (ridgeline {}, git {}", file.tool.version,
                          file.tool.git_sha.empty() ? "unknown" : file.tool.git_sha) +
              (file.run.started_utc.empty() ? ")" : fmt::format(", {})", file.run.started_utc));
  doc.footing.push_back(origin);
  fmt::print("{}", render(doc, *format));
  return kExitOk;
}

}  // namespace

Subcommand add_show_command(CLI::App& app) {
  auto o = std::make_shared<ShowOptions>();
  auto* cmd = app.add_subcommand(
      "show", "print a saved result file's table again (or a chip:ID datasheet in full)");
  cmd->add_option("FILE", o->input, "a result file, or chip:ID")->required();
  cmd->add_option("--format", o->format, "table, md, csv or json")->capture_default_str();
  return {cmd, [o] { return show_command(*o); }};
}

}  // namespace ridgeline::cli
