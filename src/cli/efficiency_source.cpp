#include "cli/efficiency_source.hpp"

#include <fmt/format.h>

#include <variant>

#include "analysis/datasheet_match.hpp"
#include "cli/exit_codes.hpp"
#include "cli/loaded_inputs.hpp"
#include "results/input_source.hpp"

namespace ridgeline::cli {

EfficiencySource load_efficiency(const std::string& argument) {
  const std::string option = "--efficiency-from " + argument;
  if (argument.starts_with(kChipPrefix))
    throw UsageError(option +
                     ": a datasheet states its ceilings and measures none; give the result file "
                     "of a run on a chip that has a datasheet");
  LoadResult loaded = load_input(argument);
  if (const auto* error = std::get_if<LoadError>(&loaded)) throw UnreadableInput(error->message);
  const ResultFile& run = std::get<ResultFile>(loaded);
  if (run.kind != FileKind::run)
    throw UsageError(option +
                     ": a plain Google Benchmark file declares no bytes or flops, so "
                     "it has no ceilings to hold against a datasheet");
  const auto chip_id = datasheet_id_for(run.device);
  if (!chip_id)
    throw UsageError(fmt::format(
        "{}: its device {} '{}' maps to no datasheet, so there is no measured / datasheet share "
        "to carry (ridgeline chips lists the datasheets)",
        option, run.device.id, run.device.name));
  LoadResult chip = load_input(std::string(kChipPrefix) + *chip_id);
  if (const auto* error = std::get_if<LoadError>(&chip)) throw UnreadableInput(error->message);
  EfficiencySource out{argument, measure_efficiency(run, std::get<ResultFile>(chip))};
  if (!out.efficiency.bandwidth && out.efficiency.compute.empty())
    throw UsageError(fmt::format(
        "{}: nothing it measured is stated by chip:{}'s datasheet (no bandwidth, no compute "
        "dtype on both sides)",
        option, *chip_id));
  warn_about_input(argument, run);
  return out;
}

bool carries_to(const std::optional<EfficiencySource>& source, const ResultFile& input) {
  return source && input.kind == FileKind::datasheet && input.datasheet &&
         input.datasheet->id != source->efficiency.chip_id;
}

std::string shares_text(const Efficiency& e) {
  std::string out;
  auto add = [&](const CeilingShare& s) {
    out += fmt::format("{}{} {:.1f}%", out.empty() ? "" : ", ", s.ceiling, s.share() * 100);
  };
  if (e.bandwidth) add(*e.bandwidth);
  for (const auto& c : e.compute) add(c);
  return out;
}

void warn_if_not_sibling(const EfficiencySource& source, const ResultFile& chip,
                         const std::string& chip_argument) {
  if (!chip.datasheet || chip.datasheet->vendor == source.efficiency.vendor) return;
  fmt::print(stderr,
             "ridgeline: warning: --efficiency-from {} measured {} ({}); carrying its shares "
             "to {} ({}) assumes more than it would for a sibling chip\n",
             source.argument, source.efficiency.chip_id, source.efficiency.vendor, chip_argument,
             chip.datasheet->vendor);
}

}  // namespace ridgeline::cli
