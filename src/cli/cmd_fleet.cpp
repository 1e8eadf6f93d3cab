#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>

#include "analysis/fleet_judgement.hpp"
#include "cli/commands.hpp"
#include "cli/device_datasheet.hpp"
#include "cli/exit_codes.hpp"
#include "cli/fleet_exit.hpp"
#include "cli/percent_argument.hpp"
#include "report/fleet_format.hpp"
#include "report/fleet_svg.hpp"
#include "results/input_source.hpp"
#include "results/output_target.hpp"

namespace ridgeline::cli {
namespace {

struct FleetArguments {
  std::vector<std::string> inputs;  // files and directories
  std::string tolerance = "10";
  double mad_cut = 3.5;
  std::optional<double> floor;
  std::string max_drift = "5";
  std::string format = "table";
  std::optional<std::string> svg;
};

// An input that cannot be judged: one line naming it, no usage hint.
struct InputProblem {
  int exit_code;
  std::string message;
};

// A directory holds the files of one fleet run: every *.json in it (not below it), by name,
// except the summary a coordinated run's rank 0 writes beside them.
std::vector<std::string> files_in(const std::filesystem::path& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const auto& path = entry.path();
    if (path.extension() == ".json" && path.filename() != kFleetSummaryFile &&
        entry.is_regular_file())
      files.push_back(path.string());
  }
  if (ec) throw InputProblem{kExitUsage, fmt::format("{}: {}", dir.string(), ec.message())};
  std::sort(files.begin(), files.end());
  if (files.empty())
    throw InputProblem{kExitUsage, fmt::format("{}: no result files (*.json) in it", dir.string())};
  return files;
}

std::vector<std::pair<std::string, ResultFile>> load_fleet(const std::vector<std::string>& inputs) {
  std::vector<std::string> paths;
  for (const auto& input : inputs) {
    std::error_code ec;
    if (std::filesystem::is_directory(input, ec)) {
      const auto more = files_in(input);
      paths.insert(paths.end(), more.begin(), more.end());
    } else {
      paths.push_back(input);
    }
  }
  std::vector<std::pair<std::string, ResultFile>> files;
  for (const auto& path : paths) {
    auto loaded = load_input(path);
    if (auto* error = std::get_if<LoadError>(&loaded))
      throw InputProblem{
          error->kind == LoadError::Kind::not_comparable ? kExitNotComparable : kExitUsage,
          error->message};
    auto& file = std::get<ResultFile>(loaded);
    if (file.kind != FileKind::run)
      throw InputProblem{kExitNotComparable,
                         fmt::format("{}: a {} file, not a ridgeline run: fleet judges measured "
                                     "devices (a chip's datasheet is what --floor compares with)",
                                     path, to_string(file.kind))};
    files.emplace_back(path, std::move(file));
  }
  return files;
}

int fleet_command(const FleetArguments& a) {
  FleetOptions options;
  options.tolerance = parse_percent(a.tolerance, "--tolerance");
  options.max_drift = parse_percent(a.max_drift, "--max-drift");
  if (!(a.mad_cut > 0) || !std::isfinite(a.mad_cut))
    throw UsageError(
        fmt::format("--mad-cut {}: expected a positive number (3.5 is the usual cut)", a.mad_cut));
  options.mad_cut = a.mad_cut;
  if (a.floor) {
    if (!(*a.floor > 0 && *a.floor <= 1))
      throw UsageError(fmt::format(
          "--floor {}: expected a share of the datasheet above 0 and at most 1, e.g. 0.9",
          *a.floor));
    options.floor = *a.floor;
  }
  const auto format = parse_table_format(a.format);
  if (!format)
    throw UsageError(fmt::format("--format '{}': expected table, md, csv or json", a.format));
  std::optional<OutputTarget> svg;
  if (a.svg) {
    try {
      svg.emplace(*a.svg);
    } catch (const std::exception& e) {
      throw UsageError(fmt::format("--svg: {}", e.what()));
    }
  }

  try {
    auto files = load_fleet(a.inputs);
    const FleetJudgement judgement =
        judge_fleet(fleet_members(std::move(files)), options, matched_datasheet);
    std::FILE* report = svg && svg->is_standard_output() ? stderr : stdout;
    fmt::print(report, "{}", format_fleet(judgement, *format));
    if (svg) {
      try {
        svg->write(fleet_svg(judgement));
      } catch (const std::exception& e) {
        fmt::print(stderr, "ridgeline: error: could not write {}: {}\n", svg->name(), e.what());
        return kExitFailures;
      }
    }
    return fleet_exit_code(judgement);
  } catch (const InputProblem& problem) {
    fmt::print(stderr, "ridgeline: error: {}\n", problem.message);
    return problem.exit_code;
  }
}

}  // namespace

Subcommand add_fleet_command(CLI::App& app) {
  auto args = std::make_shared<FleetArguments>();
  auto* cmd = app.add_subcommand(
      "fleet", "judge every device of a fleet run against the others, the best and its datasheet");
  cmd->add_option("FILES", args->inputs, "result files, or directories of them (one per device)")
      ->required()
      ->expected(1, -1);
  cmd->add_option("--tolerance", args->tolerance,
                  "SLOW when more than this many percent below the best device")
      ->capture_default_str();
  cmd->add_option("--mad-cut", args->mad_cut,
                  "SLOW when the robust z (median absolute deviation) is below minus this")
      ->capture_default_str();
  cmd->add_option("--floor", args->floor,
                  "SLOW when a ceiling is below this share of the device's datasheet, e.g. 0.9");
  cmd->add_option("--max-drift", args->max_drift,
                  "sustained runs: SLOW when a rate falls more than this many percent from the "
                  "first to the last window")
      ->capture_default_str();
  cmd->add_option("--format", args->format, "table, md, csv or json")->capture_default_str();
  cmd->add_option("--svg", args->svg, "also draw each benchmark's spread over the fleet");
  return {cmd, [args] { return fleet_command(*args); }};
}

}  // namespace ridgeline::cli
