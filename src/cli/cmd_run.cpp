#include <fmt/core.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <random>
#include <regex>
#include <thread>

#include "analysis/datasheet_match.hpp"
#include "backends/backend.hpp"
#include "cli/byte_size.hpp"
#include "cli/commands.hpp"
#include "cli/device_selection.hpp"
#include "cli/exit_codes.hpp"
#include "cli/run_listing.hpp"
#include "cli/run_metadata.hpp"
#include "cli/run_progress.hpp"
#include "core/spelling.hpp"
#include "harness.hpp"
#include "host_activity.hpp"
#include "report/number_format.hpp"
#include "report/run_summary.hpp"
#include "report/run_warnings.hpp"
#include "results/input_source.hpp"
#include "results/output_target.hpp"
#include "results/result_writer.hpp"
#include "run_estimate.hpp"
#include "stop_request.hpp"
#include "suite_plan.hpp"

namespace ridgeline::cli {
namespace {

// The committed datasheet of this device's chip, for the "% datasheet" columns; none
// when the name matches no chip or the datasheets are not installed.
std::optional<ResultFile> matched_datasheet(const DeviceInfo& device) {
  const auto id = datasheet_id_for(device);
  if (!id) return std::nullopt;
  LoadResult loaded = load_input(std::string(kChipPrefix) + *id);
  if (auto* file = std::get_if<ResultFile>(&loaded)) return std::move(*file);
  return std::nullopt;
}

std::vector<PlannedCase> filtered(std::vector<PlannedCase> plan, const std::string& pattern) {
  std::regex re;
  try {
    re = std::regex(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    throw UsageError(
        fmt::format("--filter '{}': not a valid regular expression ({})", pattern, e.what()));
  }
  std::erase_if(plan, [&](const PlannedCase& c) { return !std::regex_search(c.name, re); });
  return plan;
}

void check_fits(const std::string& size_text, std::uint64_t array_bytes, const DeviceInfo& device) {
  constexpr int kMostArrays = 3;  // triad and add hold three arrays at once
  if (device.memory_bytes && array_bytes > device.memory_bytes / kMostArrays)
    throw UsageError(
        fmt::format("--size '{}': {} arrays of that size need {}, but {} has {}", size_text,
                    kMostArrays, format_si(static_cast<double>(array_bytes) * kMostArrays, "B"),
                    device.id, format_si(static_cast<double>(device.memory_bytes), "B")));
}

// --size is bytes per array: it must hold whole elements of every dtype that will run,
// or the planner would round it (7 bytes of fp64 would become one 8-byte element).
void check_whole_elements(const std::string& size_text, std::uint64_t array_bytes,
                          const std::vector<PlannedCase>& plan) {
  for (const PlannedCase& c : plan) {
    const Family family = c.spec.kernel->family;
    // The working-set sweeps take their own sizes; copies and arrays take --size.
    if (c.spec.kernel->working_set_sweep ||
        (family != Family::memory && family != Family::intensity && family != Family::transfer))
      continue;
    const std::uint64_t element = size_of(c.spec.dtype);
    const auto dtype = to_string(c.spec.dtype);
    if (array_bytes < element)
      throw UsageError(
          fmt::format("--size '{}': less than one {}-byte {} element ({} uses {} arrays)",
                      size_text, element, dtype, c.name, dtype));
    if (array_bytes % element != 0)
      throw UsageError(
          fmt::format("--size '{}': {} is not a whole number of {}-byte {} elements ({} uses {} "
                      "arrays); use {} or {}",
                      size_text, counted(array_bytes, "byte"), element, dtype, c.name, dtype,
                      array_bytes / element * element, (array_bytes / element + 1) * element));
  }
}

struct RunOptions {
  std::string device = "auto";
  std::string suite = "default";
  std::optional<std::string> filter;
  std::optional<int> repetitions;
  std::optional<std::string> size;
  std::optional<std::string> out;
  double time_limit_seconds = 600;
  std::optional<int> threads;
  std::string format = "table";
  bool quiet = false;
  bool list = false;
  std::string operands = "random";
};

// The directory a run writes to by default, where earlier runs' times are found.
const std::filesystem::path kResultsDirectory = "results";

Progress progress_mode(bool quiet) {
  if (quiet) return Progress::quiet;
  return isatty(STDERR_FILENO) == 1 ? Progress::terminal : Progress::lines;
}

// --threads: the CPU backend's OpenMP team; the device description is read again so the
// result file records the team size that ran.
void apply_threads(SelectedDevice& selected, int threads, const std::string& device_option) {
  const int logical = static_cast<int>(std::thread::hardware_concurrency());
  if (threads < 1 || (logical > 0 && threads > logical))
    throw UsageError(
        fmt::format("--threads {}: expected 1 to {} (the host's logical CPUs)", threads, logical));
  if (selected.device.backend != "cpu" || !selected.backend->set_threads(threads))
    throw UsageError(fmt::format(
        "--threads sets the CPU backend's threads, but --device {} is {}{}", device_option,
        selected.device.id, device_option == "auto" ? " (add --device cpu)" : ""));
  const auto devices = selected.backend->devices();
  if (!devices.empty()) selected.device = devices.front();
}

int run_command(const RunOptions& o, const std::string& command_line) {
  const auto suite = parse_suite(o.suite);
  if (!suite) {
    const std::vector<std::string> suites{"quick", "default", "full"};
    const auto meant = likely_meant(o.suite, suites);
    throw UsageError(fmt::format("--suite '{}': expected quick, default or full{}", o.suite,
                                 meant.empty() ? "" : "; did you mean " + one_of(meant) + "?"));
  }
  if (o.repetitions && (*o.repetitions < 1 || *o.repetitions > 10000))
    throw UsageError(fmt::format("--repetitions {}: expected 1 to 10000", *o.repetitions));
  if (!(o.time_limit_seconds > 0) || !std::isfinite(o.time_limit_seconds))
    throw UsageError(fmt::format("--time-limit {}: expected a positive number of seconds",
                                 o.time_limit_seconds));
  const auto format = parse_table_format(o.format);
  if (!format)
    throw UsageError(fmt::format("--format '{}': expected {}", o.format, kTableFormatNames));
  if (o.operands != "random" && o.operands != "exact") {
    const auto meant = likely_meant(o.operands, std::vector<std::string>{"random", "exact"});
    throw UsageError(fmt::format("--operands '{}': expected random or exact{}", o.operands,
                                 meant.empty() ? "" : "; did you mean " + one_of(meant) + "?"));
  }

  auto backends = make_backends();
  SelectedDevice selected = select_device(backends, o.device);
  if (o.threads) apply_threads(selected, *o.threads, o.device);

  PlanRequest request;
  request.suite = *suite;
  // Fresh random matrix operands every run (recorded with each matrix benchmark), or
  // exact small integers for bit-exact debugging.
  request.operands =
      o.operands == "exact" ? kernels::OperandMode::exact : kernels::OperandMode::random;
  request.operand_seed = (std::uint64_t{std::random_device{}()} << 32) | std::random_device{}();
  if (o.size) {
    request.array_bytes = parse_byte_size(*o.size, "--size");
    check_fits(*o.size, *request.array_bytes, selected.device);
  }
  auto plan = plan_suite(*selected.backend, selected.device, request);
  if (o.filter) {
    plan = filtered(std::move(plan), *o.filter);
    if (plan.empty())
      throw UsageError(
          fmt::format("--filter '{}' matches no benchmark of suite {} on {} "
                      "(ridgeline run --suite {} --list shows their names)",
                      *o.filter, o.suite, selected.device.id, o.suite));
  }
  if (request.array_bytes) check_whole_elements(*o.size, *request.array_bytes, plan);

  HarnessOptions options;
  options.repetitions = o.repetitions.value_or(default_repetitions(*suite));
  options.time_limit_seconds = o.time_limit_seconds;
  const auto previous = find_previous_run(kResultsDirectory, selected.device);
  const RunEstimate estimate = estimate_run(plan, options, previous ? &previous->file : nullptr,
                                            previous ? previous->path.string() : std::string());
  if (o.list) {
    fmt::print("{}", render(run_listing(plan, estimate, options, selected.device), *format));
    return kExitOk;
  }

  ResultFile header;
  header.tool = this_tool();
  header.host = this_host();
  header.device = selected.device;
  header.run.started_utc = utc_now_iso8601();
  header.run.suite = o.suite;
  header.run.repetitions = options.repetitions;
  header.run.command_line = command_line;
  header.run.planned_benchmarks = static_cast<int>(plan.size());
  header.run.host_at_start = read_host_state();
  std::unique_ptr<ResultWriter> writer;
  try {
    std::string out_path;
    if (o.out) {
      out_path = *o.out;
    } else {
      std::filesystem::create_directories("results");
      out_path = default_result_path("results", selected.device).string();
    }
    writer = std::make_unique<ResultWriter>(OutputTarget(out_path), header);
  } catch (const std::exception& e) {
    throw UsageError(fmt::format("cannot write the result file: {}", e.what()));
  }
  const OutputTarget& out = writer->target();
  // With the file on standard output, the report goes to stderr so stdout stays JSON.
  std::FILE* report = out.is_standard_output() ? stderr : stdout;

  // Notes (such as why --device auto fell back to the CPU) once every argument has been
  // accepted, so a usage error stays the first line on stderr.
  const Progress progress = progress_mode(o.quiet);
  if (progress != Progress::quiet)
    for (const auto& note : selected.notes) fmt::print(stderr, "{}\n", note);
  install_stop_handlers();
  std::string write_error;
  RunClock clock(estimate);
  const HarnessSummary summary =
      run_cases(*selected.backend, selected.device, plan, options,
                progress_callbacks(*writer, write_error, clock, plan.size(), progress));

  const bool interrupted = summary.interrupted && write_error.empty();
  const RunStatus status = interrupted           ? RunStatus::interrupted
                           : write_error.empty() ? RunStatus::complete
                                                 : RunStatus::incomplete;
  if (write_error.empty()) {
    try {
      writer->finish(status, utc_now_iso8601(), [](ResultFile& f) {
        f.run.host_at_end = read_host_state();
        f.warnings = run_warnings(f);  // the self-check, over everything measured
      });
    } catch (const std::exception& e) {
      write_error = e.what();
    }
  }
  const std::optional<ResultFile> chip = matched_datasheet(selected.device);
  ReportDocument table = run_summary_document(
      writer->current(), chip && chip->datasheet ? &*chip->datasheet : nullptr);
  table.footing.push_back(fmt::format("{} ok, {} failed, {} skipped; results in {}", summary.ok,
                                      summary.failed, summary.skipped, out.name()));
  fmt::print(report, "{}", render(table, *format));
  if (!write_error.empty()) {
    if (out.rewritable())
      fmt::print(stderr,
                 "ridgeline: error: could not update {}: {} (the file keeps every "
                 "benchmark written before)\n",
                 out.name(), write_error);
    else
      fmt::print(stderr, "ridgeline: error: could not write the result file to {}: {}\n",
                 out.name(), write_error);
    return kExitFailures;
  }
  if (interrupted) {
    fmt::print(stderr, "ridgeline: interrupted; {} {} the {} finished\n", out.name(),
               out.rewritable() ? "keeps" : "got",
               counted(summary.ok + summary.failed + summary.skipped, "benchmark"));
    return 128 + stop_signal();  // the shell's convention: 130 for Ctrl-C, 143 for SIGTERM
  }
  // A skip at run time means a planned benchmark could not run (e.g. out of memory):
  // the planner already left out what the device does not support.
  // Cases skipped for a vendor library the host lacks are not failures: the host said so.
  return summary.failed + summary.skipped - summary.library_missing > 0 ? kExitFailures : kExitOk;
}

}  // namespace

Subcommand add_run_command(CLI::App& app) {
  auto options = std::make_shared<RunOptions>();
  auto* cmd = app.add_subcommand("run", "measure the device and write a result file");
  cmd->add_option("--device", options->device, "auto, cpu, cuda:N or hip:N")->capture_default_str();
  cmd->add_option("--suite", options->suite, "quick, default or full")->capture_default_str();
  cmd->add_option("--filter", options->filter, "run only benchmarks whose name matches REGEX");
  cmd->add_option("--repetitions", options->repetitions,
                  "samples per benchmark (default: quick 5, default 10, full 20)");
  cmd->add_option("--size", options->size,
                  "bytes per array, e.g. 1073741824, 1.5G (1e9 bytes), 512MiB (2^20 bytes)");
  cmd->add_option("--out", options->out,
                  "result file (default results/<device>-<date>.json); - for standard output");
  cmd->add_option("--time-limit", options->time_limit_seconds,
                  "seconds one benchmark may run (prepare, samples, verification) before it "
                  "is timed out; a kernel that cannot be cancelled then ends the run, exit 124")
      ->capture_default_str();
  cmd->add_option("--threads", options->threads,
                  "CPU backend: OpenMP threads to run on (default: every core)");
  cmd->add_option("--format", options->format,
                  "the table printed at the end: table, md, csv or json")
      ->capture_default_str();
  cmd->add_flag("--quiet,-q", options->quiet,
                "no progress lines or notes on stderr (errors and the table still print)");
  cmd->add_flag("--list", options->list,
                "print the benchmarks the run would measure and an estimated time, then exit");
  cmd->add_option("--operands", options->operands,
                  "matrix and GEMM inputs: random (full-entropy values, fresh per run: the "
                  "power and clocks of real data) or exact (small integers, bit-exact results)")
      ->capture_default_str();
  return {cmd, [options] { return run_command(*options, process_command_line()); }};
}

}  // namespace ridgeline::cli
