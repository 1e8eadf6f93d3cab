#include <fmt/core.h>
#include <unistd.h>

#include <cmath>
#include <memory>
#include <random>

#include "backends/backend.hpp"
#include "cli/all_devices_run.hpp"
#include "cli/byte_size.hpp"
#include "cli/commands.hpp"
#include "cli/device_run.hpp"
#include "cli/duration_argument.hpp"
#include "cli/exit_codes.hpp"
#include "cli/run_metadata.hpp"
#include "core/launcher_environment.hpp"
#include "core/spelling.hpp"
#include "suite_plan.hpp"

namespace ridgeline::cli {
namespace {

struct RunOptions {
  std::string device = "auto";
  std::string suite = "default";
  std::optional<std::string> filter;
  std::optional<int> repetitions;
  std::optional<std::string> size;
  std::optional<std::string> out;
  std::optional<std::string> out_dir;
  double time_limit_seconds = 600;
  std::optional<std::string> duration;
  bool sequential = false;
  std::optional<int> threads;
  std::string format = "table";
  bool quiet = false;
  bool list = false;
  std::string operands = "random";
};

Progress progress_mode(bool quiet) {
  if (quiet) return Progress::quiet;
  return isatty(STDERR_FILENO) == 1 ? Progress::terminal : Progress::lines;
}

bool names_every_device(const std::string& device) {
  return device == "all" || (device.size() > 4 && device.ends_with(":all"));
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
  if (o.out && o.out_dir)
    throw UsageError(
        "--out and --out-dir: give one (--out names one file, --out-dir a directory "
        "for one file per device or rank)");

  RunRequest request;
  request.device = o.device;
  request.suite_name = o.suite;
  request.plan.suite = *suite;
  // Fresh random matrix operands every run (recorded with each matrix benchmark), or
  // exact small integers for bit-exact debugging.
  request.plan.operands =
      o.operands == "exact" ? kernels::OperandMode::exact : kernels::OperandMode::random;
  request.plan.operand_seed =
      (std::uint64_t{std::random_device{}()} << 32) | std::random_device{}();
  if (o.size) {
    request.size_text = o.size;
    request.plan.array_bytes = parse_byte_size(*o.size, "--size");
  }
  request.filter = o.filter;
  request.out = o.out;
  request.out_dir = o.out_dir;
  request.sequential = o.sequential;
  request.threads = o.threads;
  request.format = *format;
  request.list = o.list;
  request.session.progress = progress_mode(o.quiet);
  request.session.harness.repetitions = o.repetitions.value_or(default_repetitions(*suite));
  request.session.harness.time_limit_seconds = o.time_limit_seconds;
  if (o.duration) request.session.duration_seconds = parse_duration(*o.duration, "--duration");
  request.command_line = command_line;

  LaunchEnvironment launch;
  try {
    launch = detect_launch(process_environment(), this_host().hostname);
  } catch (const std::invalid_argument& e) {
    throw UsageError(fmt::format("the launcher's environment: {}", e.what()));
  }
  if (!names_every_device(o.device)) return run_one_device(request, std::move(launch));
  if (launch.placement.world_size > 1)
    throw UsageError(fmt::format(
        "--device {} with {} ranks: under srun or mpirun each rank measures one device, bound "
        "from its local rank; use --device auto (or cuda, hip), one rank per device",
        o.device, launch.placement.world_size));
  auto backends = make_backends();
  const auto targets = all_device_targets(backends, o.device);
  return run_all_devices(targets, request, launch.placement.node_name);
}

}  // namespace

Subcommand add_run_command(CLI::App& app) {
  auto options = std::make_shared<RunOptions>();
  auto* cmd = app.add_subcommand("run", "measure the device and write a result file");
  cmd->add_option("--device", options->device,
                  "auto, cpu, cuda:N, hip:N; cuda:all, hip:all or all for every device at once")
      ->capture_default_str();
  cmd->add_option("--suite", options->suite, "quick, default or full")->capture_default_str();
  cmd->add_option("--filter", options->filter, "run only benchmarks whose name matches REGEX");
  cmd->add_option("--repetitions", options->repetitions,
                  "samples per benchmark (default: quick 5, default 10, full 20)");
  cmd->add_option("--size", options->size,
                  "bytes per array, e.g. 1073741824, 1.5G (1e9 bytes), 512MiB (2^20 bytes)");
  cmd->add_option("--out", options->out,
                  "result file (default results/<device>-<date>.json); - for standard output");
  cmd->add_option("--out-dir", options->out_dir,
                  "directory for one result file per device or rank (default results/)");
  cmd->add_option("--duration", options->duration,
                  "sustained: repeat the suite for this long (90s, 10m, 1h), tracing clocks, power "
                  "and temperature");
  cmd->add_flag("--sequential", options->sequential,
                "with several devices or ranks: one after another instead of all at once");
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
