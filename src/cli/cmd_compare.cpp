#include <fmt/format.h>

#include <cmath>
#include <memory>

#include "analysis/compare.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/loaded_inputs.hpp"
#include "cli/percent_argument.hpp"
#include "report/compare_format.hpp"
#include "report/number_format.hpp"
#include "results/input_source.hpp"

namespace ridgeline::cli {
namespace {

struct CompareArguments {
  std::vector<std::string> inputs;  // BASE, then one or more NEW
  std::string threshold = "5";
  double alpha = 0.01;
  std::string format = "table";
  bool strict = false;
};

// A problem with one input file (unreadable, not comparable, nothing in common): one line
// naming it, no usage hint, since the command line itself was fine.
struct InputProblem {
  int exit_code;
  std::string message;
};

ResultFile load(const std::string& argument) {
  auto loaded = load_input(argument);
  if (auto* error = std::get_if<LoadError>(&loaded))
    throw InputProblem{
        error->kind == LoadError::Kind::not_comparable ? kExitNotComparable : kExitUsage,
        error->message};
  return std::move(std::get<ResultFile>(loaded));
}

LabelledComparison compare_pair(const std::string& base_label, const ResultFile& base,
                                const std::string& candidate_label, const ResultFile& candidate,
                                const CompareOptions& options) {
  const std::string pair = fmt::format("{} vs {}", base_label, candidate_label);
  auto outcome = compare_results(base, candidate, options);
  if (const auto* no = std::get_if<Incomparable>(&outcome))
    throw InputProblem{kExitNotComparable, fmt::format("{}: not comparable: {}", pair, no->reason)};
  if (const auto* s = std::get_if<SampleComparison>(&outcome)) {
    if (s->common_count == 0)
      throw InputProblem{kExitUsage,
                         fmt::format("{}: no benchmark name in common ({} vs {})", pair,
                                     counted(base.benchmarks.size(), "benchmark"),
                                     counted(candidate.benchmarks.size(), "benchmark"))};
    if (!s->environment_differences.empty())
      fmt::print(stderr, "ridgeline: warning: {}: the runs differ in {}\n", pair,
                 fmt::join(s->environment_differences, "; "));
    return {base_label, candidate_label, std::move(*s)};
  }
  auto& ceilings = std::get<CeilingComparison>(outcome);
  if (ceilings.common_count == 0)
    throw InputProblem{kExitUsage, fmt::format("{}: no ceiling (bandwidth, compute or ridge of a "
                                               "dtype) known on both sides",
                                               pair)};
  return {base_label, candidate_label, std::move(ceilings)};
}

int exit_code(const std::vector<LabelledComparison>& comparisons, bool strict) {
  bool regression = false, inconclusive = false;
  for (const auto& c : comparisons) {
    const auto* s = std::get_if<SampleComparison>(&c.result);
    if (!s) continue;  // ceilings are information, not verdicts
    for (const auto& b : s->benchmarks) {
      regression |= b.verdict == CompareVerdict::slower || b.verdict == CompareVerdict::failed;
      inconclusive |= b.verdict == CompareVerdict::noisy || b.verdict == CompareVerdict::uncertain;
    }
  }
  if (regression) return kExitFailures;
  return strict && inconclusive ? kExitInconclusive : kExitOk;
}

int compare_command(const CompareArguments& a) {
  CompareOptions options;
  options.threshold = parse_percent(a.threshold, "--threshold");
  options.alpha = a.alpha;
  if (!(a.alpha > 0 && a.alpha < 1))
    throw UsageError(
        fmt::format("--alpha {}: expected a probability above 0 and below 1", a.alpha));
  const auto format = parse_compare_format(a.format);
  if (!format)
    throw UsageError(fmt::format("--format '{}': expected table, md, csv or json", a.format));

  try {
    std::vector<ResultFile> files;
    for (const auto& input : a.inputs) files.push_back(load(input));
    // Every file loaded, so a bad one is still the only line; then what to distrust.
    for (std::size_t i = 0; i < files.size(); ++i) warn_about_input(a.inputs[i], files[i]);
    std::vector<LabelledComparison> comparisons;
    for (std::size_t i = 1; i < files.size(); ++i)
      comparisons.push_back(compare_pair(a.inputs[0], files[0], a.inputs[i], files[i], options));
    fmt::print("{}", format_comparisons(comparisons, options, *format));
    return exit_code(comparisons, a.strict);
  } catch (const InputProblem& problem) {
    fmt::print(stderr, "ridgeline: error: {}\n", problem.message);
    return problem.exit_code;
  }
}

}  // namespace

Subcommand add_compare_command(CLI::App& app) {
  auto args = std::make_shared<CompareArguments>();
  auto* cmd = app.add_subcommand(
      "compare", "compare result files (or chip:ID datasheets) against BASE, noise-aware");
  cmd->add_option("BASE NEW", args->inputs, "BASE then one or more NEW: files or chip:ID")
      ->required()
      ->expected(2, -1);
  cmd->add_option("--threshold", args->threshold,
                  "smallest change that counts, in percent; also the noise limit")
      ->capture_default_str();
  cmd->add_option("--alpha", args->alpha, "significance level of the Mann-Whitney U test")
      ->capture_default_str();
  cmd->add_option("--format", args->format, "table, md, csv or json")->capture_default_str();
  cmd->add_flag("--strict", args->strict, "exit 4 when any verdict is NOISY or UNCERTAIN");
  return {cmd, [args] { return compare_command(*args); }};
}

}  // namespace ridgeline::cli
