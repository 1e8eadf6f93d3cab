#include "cli/all_devices_run.hpp"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>

#include "cli/exit_codes.hpp"
#include "cli/fleet_exit.hpp"
#include "cli/fleet_file_name.hpp"
#include "cli/fleet_summary.hpp"
#include "cli/plan_checks.hpp"
#include "cli/run_metadata.hpp"
#include "fleet/collective_backend.hpp"
#include "fleet/thread_rank_group.hpp"
#include "report/number_format.hpp"
#include "stop_request.hpp"

namespace ridgeline::cli {
namespace {

// One device's part of the run, prepared in the main thread so every argument and every
// file is checked before any device starts.
struct DeviceJob {
  DeviceTarget target;
  Placement placement;
  std::vector<PlannedCase> plan;
  std::unique_ptr<ResultWriter> writer;
  SessionResult result;
  int exit_code = kExitOk;
};

double barrier_seconds(const RunRequest& r) {
  return 2 * r.session.harness.time_limit_seconds + 60;
}

// Runs on the device's own thread: collectives need every device's thread at once.
void run_device(DeviceJob& job, const RunRequest& request,
                const std::shared_ptr<fleet::ThreadFleet>& threads) {
  const DeviceTarget& t = job.target;
  std::vector<PlanPart> parts{{t.backend, job.plan}};
  SessionHooks hooks;
  std::unique_ptr<fleet::ThreadRankGroup> group;
  std::shared_ptr<CollectiveTransport> transport;
  std::unique_ptr<fleet::CollectiveBackend> collectives;
  const int rank = job.placement.rank;
  const int size = job.placement.world_size;
  if (threads) {
    group = std::make_unique<fleet::ThreadRankGroup>(threads, rank);
    if (size > 1) {
      std::string why_not;
      transport = t.backend->open_collective_transport(
          t.device, rank, size,
          [&group](void* data, std::size_t bytes) { group->broadcast_bytes(data, bytes, 0); },
          why_not);
      if (transport) {
        collectives = std::make_unique<fleet::CollectiveBackend>(
            transport, *group, t.device, std::vector<fault::InjectedFault>{},
            barrier_seconds(request));
        auto plan = plan_collectives(*collectives, t.device, request.plan.suite, size);
        if (request.filter) plan = filtered(std::move(plan), *request.filter);
        parts.push_back({collectives.get(), std::move(plan)});
      } else if (rank == 0) {
        fmt::print(stderr, "ridgeline: no collectives between the devices: {}\n", why_not);
      }
    }
    hooks.before_case = [&](std::size_t) { group->barrier(barrier_seconds(request)); };
    hooks.keep_going = [&](bool time_is_up) {
      return group->max_over_ranks(time_is_up ? 1.0 : 0.0) == 0;
    };
  }
  SessionOptions session = request.session;
  session.progress = Progress::quiet;  // several devices: one line each at the end instead
  job.result = run_session(t.device, parts, *job.writer, session, hooks);
  job.exit_code = session_exit_code(job.result);
  if (group) group->leave();
}

}  // namespace

std::vector<DeviceTarget> all_device_targets(std::vector<std::unique_ptr<Backend>>& backends,
                                             const std::string& request) {
  const std::string backend_name = request == "all" ? "" : request.substr(0, request.find(':'));
  std::vector<DeviceTarget> targets;
  std::string why;
  bool known = backend_name.empty();
  for (auto& b : backends) {
    if (!backend_name.empty() && b->name() != backend_name) continue;
    known = true;
    const auto devices = b->devices();
    if (devices.empty() && !backend_name.empty()) why = b->unavailable_reason();
    for (const auto& d : devices) targets.push_back({b.get(), d});
  }
  if (!known)
    throw UsageError(
        fmt::format("--device '{}': expected all, cuda:all, hip:all or cpu:all", request));
  if (targets.empty())
    throw UsageError(
        fmt::format("--device {}: no device{}{}", request, why.empty() ? "" : ": ", why));
  return targets;
}

int run_all_devices(const std::vector<DeviceTarget>& targets, const RunRequest& request,
                    const std::string& host_name) {
  if (request.out)
    throw UsageError(
        fmt::format("--out '{}': --device {} writes one file per device; use "
                    "--out-dir DIR",
                    *request.out, request.device));
  const int n = static_cast<int>(targets.size());
  const std::filesystem::path dir = fleet_directory(request);
  // Names this run's files together (job_id), as a launcher's job id does.
  const std::string job_id = fmt::format("{}-{}", host_name, utc_now_iso8601());
  std::vector<DeviceJob> jobs(targets.size());
  try {
    std::filesystem::create_directories(dir);
  } catch (const std::exception& e) {
    throw UsageError(fmt::format("--out-dir '{}': {}", dir.string(), e.what()));
  }
  for (int i = 0; i < n; ++i) {
    DeviceJob& job = jobs[static_cast<std::size_t>(i)];
    job.target = targets[static_cast<std::size_t>(i)];
    Placement& p = job.placement;
    p.launcher = Launcher::threads;
    p.rank = i;
    p.world_size = n;
    p.local_rank = i;
    p.local_size = n;
    p.node_id = 0;
    p.node_name = host_name;
    p.job_id = job_id;
    p.coordination = n == 1               ? Coordination::none
                     : request.sequential ? Coordination::sequential
                                          : Coordination::barrier;
    p.binding = fmt::format("device {} of {} (--device {})", i + 1, n, request.device);
    if (request.plan.array_bytes)
      check_fits(*request.size_text, *request.plan.array_bytes, job.target.device);
    job.plan = plan_suite(*job.target.backend, job.target.device, request.plan);
    if (request.filter) job.plan = filtered(std::move(job.plan), *request.filter);
    if (job.plan.empty())
      throw UsageError(fmt::format("--filter '{}' matches no benchmark of suite {} on {}",
                                   request.filter.value_or(""), request.suite_name,
                                   job.target.device.id));
    if (request.plan.array_bytes)
      check_whole_elements(*request.size_text, *request.plan.array_bytes, job.plan);
    ResultFile header = run_header(job.target.device, request.suite_name,
                                   request.session.harness.repetitions, request.command_line);
    header.placement = p;
    if (request.session.duration_seconds)
      header.run.duration_seconds = request.session.duration_seconds;
    try {
      job.writer = std::make_unique<ResultWriter>(
          OutputTarget((dir / fleet_file_name(p, job.target.device)).string()), header);
    } catch (const std::exception& e) {
      throw UsageError(fmt::format("cannot write the result file: {}", e.what()));
    }
  }
  install_stop_handlers();
  fmt::print("{} {} ({}), files in {}\n",
             request.sequential ? "measuring one after another:" : "measuring at once:",
             counted(targets.size(), "device"), request.device, dir.string());
  std::fflush(stdout);

  if (request.sequential || n == 1) {
    for (auto& job : jobs) {
      if (stop_requested()) break;
      run_device(job, request, nullptr);
    }
  } else {
    auto threads = std::make_shared<fleet::ThreadFleet>(n);
    std::vector<std::thread> running;
    for (auto& job : jobs)
      running.emplace_back([&job, &request, threads] { run_device(job, request, threads); });
    for (auto& t : running) t.join();
  }

  int code = kExitOk;
  std::vector<std::pair<std::string, ResultFile>> files;
  for (const auto& job : jobs) {
    fmt::print("{}: {} ok, {} failed, {} skipped{}; results in {}\n", job.target.device.id,
               job.result.ok, job.result.failed, job.result.skipped,
               job.result.passes > 1 ? fmt::format(" over {} passes", job.result.passes) : "",
               job.writer->target().name());
    if (!job.result.write_error.empty())
      fmt::print(stderr, "ridgeline: error: could not update {}: {}\n", job.writer->target().name(),
                 job.result.write_error);
    if (job.exit_code != kExitOk && code == kExitOk) code = job.exit_code;
    if (job.exit_code > kExitFailures) code = job.exit_code;  // a signal outranks a failure
    files.emplace_back(job.writer->target().name(), job.writer->current());
  }
  if (stop_requested()) {
    fmt::print(stderr, "ridgeline: interrupted; every file keeps what its device finished\n");
    return 128 + stop_signal();
  }
  if (n > 1) {
    const int fleet_code = summarize_fleet(std::move(files), dir, stdout);
    if (code == kExitOk) code = fleet_code;
  }
  return code;
}

}  // namespace ridgeline::cli
