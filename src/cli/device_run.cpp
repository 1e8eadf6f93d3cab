#include "cli/device_run.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <regex>
#include <thread>

#include "backends/fault/fault_plan.hpp"
#include "cli/device_datasheet.hpp"
#include "cli/device_selection.hpp"
#include "cli/exit_codes.hpp"
#include "cli/fleet_exit.hpp"
#include "cli/fleet_file_name.hpp"
#include "cli/fleet_summary.hpp"
#include "cli/plan_checks.hpp"
#include "cli/run_listing.hpp"
#include "cli/run_metadata.hpp"
#include "fleet/collective_backend.hpp"
#include "fleet/device_binding.hpp"
#include "fleet/mpi_collective_transport.hpp"
#include "fleet/mpi_loader.hpp"
#include "fleet/mpi_rank_group.hpp"
#include "host_activity.hpp"
#include "report/number_format.hpp"
#include "report/run_summary.hpp"
#include "results/result_reader.hpp"
#include "run_estimate.hpp"
#include "stop_request.hpp"

namespace ridgeline::cli {
namespace {

// A rank waiting for its turn in --sequential waits this long at most (a stop ends it
// sooner): the other ranks' whole runs come first.
constexpr double kTurnWaitSeconds = 30 * 24 * 3600.0;

// How long a rank waits at a barrier for the others: the slowest may be one benchmark
// behind, and a benchmark takes at most its time limit plus the harness's grace.
double barrier_seconds(const RunRequest& r) {
  return 2 * r.session.harness.time_limit_seconds + 60;
}

// MPI when the launcher started an MPI program and the plugin opens; else why not.
std::unique_ptr<fleet::MpiRankGroup> open_group(const LaunchEnvironment& launch,
                                                std::vector<std::string>& notes) {
  const Placement& p = launch.placement;
  if (p.world_size <= 1) return nullptr;
  if (!launch.mpi_launch) {
    notes.push_back(fmt::format(
        "{} ranks without MPI (srun without --mpi=pmix): each runs on its own; judge their "
        "files together with ridgeline fleet DIR",
        p.world_size));
    return nullptr;
  }
  std::string why_not;
  auto world = fleet::open_mpi_world(why_not);
  if (!world) {
    notes.push_back("MPI not used (" + why_not + "): the ranks run on their own");
    return nullptr;
  }
  if (world->size() != p.world_size || world->rank() != p.rank) {
    notes.push_back(fmt::format(
        "MPI says rank {} of {} but the launcher's variables say rank {} of {}: the ranks run "
        "on their own",
        world->rank(), world->size(), p.rank, p.world_size));
    return nullptr;
  }
  return std::make_unique<fleet::MpiRankGroup>(std::move(world));
}

// Node ids from the host names every rank reports, in order of first appearance.
void assign_node_ids(fleet::RankGroup& group, Placement& p) {
  const auto hosts = group.all_gather_text(p.node_name);
  std::map<std::string, int> ids;
  for (const auto& host : hosts) ids.emplace(host, static_cast<int>(ids.size()));
  if (!p.node_id) p.node_id = ids[p.node_name];
  int here = 0;
  for (const auto& host : hosts) here += host == p.node_name ? 1 : 0;
  if (!p.local_size) p.local_size = here;
}

std::string plan_fingerprint(const std::vector<PlannedCase>& device_plan,
                             const std::vector<PlannedCase>& collective_plan) {
  std::string text;
  for (const auto* plan : {&device_plan, &collective_plan})
    for (const auto& c : *plan) text += c.name + "\n";
  return std::to_string(std::hash<std::string>{}(text)) + ":" +
         std::to_string(device_plan.size() + collective_plan.size());
}

bool names_a_collective(const std::string& pattern) {
  try {
    const std::regex re(pattern, std::regex::ECMAScript);
    for (const KernelDecl& k : catalogue())
      if (k.family == Family::collective && std::regex_search(k.name, re)) return true;
  } catch (const std::regex_error&) {
  }
  return false;
}

std::vector<fault::InjectedFault> rank_faults(int rank) {
  const char* spec = std::getenv("RIDGELINE_FAULT");
  if (spec == nullptr || *spec == '\0') return {};
  try {
    return fault::for_rank(fault::parse_fault_plan(spec), rank);
  } catch (const std::invalid_argument&) {
    return {};  // the CPU backend reports a bad spec
  }
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

std::vector<std::pair<std::string, ResultFile>> parse_gathered(
    const std::vector<std::string>& texts) {
  std::vector<std::pair<std::string, ResultFile>> files;
  for (std::size_t r = 0; r < texts.size(); ++r) {
    auto parsed = parse_result_text(texts[r], fmt::format("rank {}", r));
    if (auto* file = std::get_if<ResultFile>(&parsed))
      files.emplace_back(fmt::format("rank {}", r), std::move(*file));
  }
  return files;
}

}  // namespace

std::string fleet_directory(const RunRequest& r) { return r.out_dir.value_or("results"); }

int run_one_device(const RunRequest& request, LaunchEnvironment launch) {
  Placement& placement = launch.placement;
  const bool fleet = placement.world_size > 1;
  if (request.out && fleet)
    throw UsageError(
        fmt::format("--out '{}': all {} ranks would write this one file; use "
                    "--out-dir DIR (one file per rank)",
                    *request.out, placement.world_size));
  if (request.sequential && !fleet)
    throw UsageError(
        "--sequential needs several devices (--device cuda:all) or ranks (srun, mpirun)");

  auto backends = make_backends();
  std::vector<fleet::BackendDevices> counts;
  if (fleet)
    for (auto& b : backends) counts.push_back({std::string(b->name()), b->devices().size()});
  fleet::DeviceBinding binding;
  try {
    binding = fleet::bind_device(request.device, placement, counts, process_environment());
  } catch (const std::invalid_argument& e) {
    throw UsageError(fmt::format("rank {}: {}", placement.rank, e.what()));
  }
  SelectedDevice selected = select_device(backends, binding.device);
  if (request.threads) apply_threads(selected, *request.threads, request.device);
  placement.binding = binding.how;

  std::vector<std::string> notes;
  std::unique_ptr<fleet::MpiRankGroup> group = open_group(launch, notes);
  if (group) assign_node_ids(*group, placement);

  PlanRequest plan_request = request.plan;
  if (request.plan.array_bytes)
    check_fits(*request.size_text, *request.plan.array_bytes, selected.device);
  auto device_plan = plan_suite(*selected.backend, selected.device, plan_request);
  if (request.filter) device_plan = filtered(std::move(device_plan), *request.filter);

  // Collectives between the ranks: NCCL/RCCL for GPUs, MPI on host memory for CPUs.
  std::shared_ptr<CollectiveTransport> transport;
  if (group && request.sequential)
    notes.push_back("no collectives with --sequential: they need every rank at once");
  if (group && !request.sequential) {
    std::string why_not;
    if (selected.device.backend == "cpu") {
      transport = fleet::make_mpi_collective_transport(group->world());
    } else {
      transport = selected.backend->open_collective_transport(
          selected.device, placement.rank, placement.world_size,
          [&group](void* data, std::size_t bytes) { group->broadcast_bytes(data, bytes, 0); },
          why_not);
      if (!transport) notes.push_back("no collectives: " + why_not);
    }
  }
  std::unique_ptr<fleet::CollectiveBackend> collectives;
  std::vector<PlannedCase> collective_plan;
  if (transport) {
    collectives = std::make_unique<fleet::CollectiveBackend>(
        transport, *group, selected.device, rank_faults(placement.rank), barrier_seconds(request));
    collective_plan =
        plan_collectives(*collectives, selected.device, plan_request.suite, placement.world_size);
    if (request.filter) collective_plan = filtered(std::move(collective_plan), *request.filter);
  }
  if (device_plan.empty() && collective_plan.empty())
    throw UsageError(fmt::format(
        "--filter '{}' matches no benchmark of suite {} on {} (ridgeline run --suite {} --list "
        "shows their names{})",
        request.filter.value_or(""), request.suite_name, selected.device.id, request.suite_name,
        request.filter && names_a_collective(*request.filter)
            ? "; collectives run between the MPI ranks of srun --mpi=pmix or mpirun"
            : ""));
  if (request.plan.array_bytes)
    check_whole_elements(*request.size_text, *request.plan.array_bytes, device_plan);

  bool coordinated = false;
  if (group) {
    const auto prints = group->all_gather_text(plan_fingerprint(device_plan, collective_plan));
    coordinated = std::all_of(prints.begin(), prints.end(),
                              [&](const std::string& p) { return p == prints.front(); });
    if (!coordinated) {
      notes.push_back(
          "the ranks plan different benchmarks (different devices?): they run on "
          "their own, without barriers or collectives");
      collective_plan.clear();
    }
  }
  std::vector<PlannedCase> whole_plan = device_plan;
  whole_plan.insert(whole_plan.end(), collective_plan.begin(), collective_plan.end());
  const auto previous = find_previous_run(fleet_directory(request), selected.device);
  const RunEstimate estimate =
      estimate_run(whole_plan, request.session.harness, previous ? &previous->file : nullptr,
                   previous ? previous->path.string() : std::string());
  if (request.list) {
    if (placement.rank == 0)
      fmt::print("{}",
                 render(run_listing(whole_plan, estimate, request.session.harness, selected.device),
                        request.format));
    if (group) group->finish();
    return kExitOk;
  }

  placement.coordination = !coordinated         ? Coordination::none
                           : request.sequential ? Coordination::sequential
                                                : Coordination::barrier;

  ResultFile header = run_header(selected.device, request.suite_name,
                                 request.session.harness.repetitions, request.command_line);
  if (placement.launcher != Launcher::none) header.placement = placement;
  if (request.session.duration_seconds)
    header.run.duration_seconds = request.session.duration_seconds;
  header.run.planned_benchmarks = static_cast<int>(whole_plan.size());
  header.run.host_at_start = read_host_state();
  std::unique_ptr<ResultWriter> writer;
  try {
    std::string out_path;
    if (request.out) {
      out_path = *request.out;
    } else {
      const std::filesystem::path dir = fleet_directory(request);
      std::filesystem::create_directories(dir);
      out_path = placement.launcher != Launcher::none
                     ? (dir / fleet_file_name(placement, selected.device)).string()
                     : default_result_path(dir, selected.device).string();
    }
    writer = std::make_unique<ResultWriter>(OutputTarget(out_path), header);
  } catch (const std::exception& e) {
    throw UsageError(fmt::format("cannot write the result file: {}", e.what()));
  }
  const OutputTarget& out = writer->target();
  std::FILE* report = out.is_standard_output() ? stderr : stdout;

  // Notes once every argument has been accepted, so a usage error stays the first line;
  // what every rank would say alike is said by rank 0 only.
  if (placement.rank == 0 && request.session.progress != Progress::quiet) {
    for (const auto& note : selected.notes) fmt::print(stderr, "{}\n", note);
    for (const auto& note : notes) fmt::print(stderr, "ridgeline: {}\n", note);
  }
  install_stop_handlers();

  std::vector<PlanPart> parts{{selected.backend, std::move(device_plan)}};
  if (!collective_plan.empty()) parts.push_back({collectives.get(), std::move(collective_plan)});
  SessionHooks hooks;
  bool said_out_of_step = false;
  if (coordinated && !request.sequential) {
    hooks.before_case = [&](std::size_t) {
      if (!group->barrier(barrier_seconds(request)) && !said_out_of_step && !stop_requested()) {
        said_out_of_step = true;
        fmt::print(stderr,
                   "ridgeline: rank {}: the ranks are out of step (one did not reach the "
                   "barrier within {:g} s); the rest runs without barriers\n",
                   placement.rank, barrier_seconds(request));
      }
    };
    hooks.keep_going = [&](bool time_is_up) {
      return group->max_over_ranks(time_is_up ? 1.0 : 0.0) == 0;
    };
  }
  SessionOptions session = request.session;
  if (fleet) session.progress = Progress::quiet;  // one line per rank at the end instead
  session.estimate = estimate;
  SessionResult result;
  if (coordinated && request.sequential) {
    for (int turn = 0; turn < placement.world_size; ++turn) {
      if (turn == placement.rank)
        result = run_session(selected.device, parts, *writer, session, hooks);
      group->barrier(kTurnWaitSeconds);
    }
  } else {
    result = run_session(selected.device, parts, *writer, session, hooks);
  }

  const std::string tally = fmt::format(
      "{} ok, {} failed, {} skipped{}; results in {}", result.ok, result.failed, result.skipped,
      result.passes > 1 ? fmt::format(" over {} passes", result.passes) : "", out.name());
  if (fleet) {
    fmt::print(report, "rank {} of {} (node {}, {}): {}\n", placement.rank, placement.world_size,
               placement.node_name, selected.device.id, tally);
  } else {
    const std::optional<ResultFile> chip = matched_datasheet(selected.device);
    ReportDocument table = run_summary_document(
        writer->current(), chip && chip->datasheet ? &*chip->datasheet : nullptr);
    table.footing.push_back(tally);
    fmt::print(report, "{}", render(table, request.format));
  }
  int code = session_exit_code(result);
  if (!result.write_error.empty()) {
    if (out.rewritable())
      fmt::print(stderr,
                 "ridgeline: error: could not update {}: {} (the file keeps every "
                 "benchmark written before)\n",
                 out.name(), result.write_error);
    else
      fmt::print(stderr, "ridgeline: error: could not write the result file to {}: {}\n",
                 out.name(), result.write_error);
  } else if (result.interrupted) {
    fmt::print(stderr, "ridgeline: interrupted; {} {} the {} finished\n", out.name(),
               out.rewritable() ? "keeps" : "got",
               counted(result.ok + result.failed + result.skipped, "benchmark"));
  }

  // Rank 0 judges the fleet from every rank's file, sent over MPI.
  if (group && coordinated && !result.interrupted) {
    if (group->barrier(barrier_seconds(request))) {
      const auto texts = group->gather_text(serialize_result(writer->current()));
      if (placement.rank == 0) {
        const int fleet_code =
            summarize_fleet(parse_gathered(texts), fleet_directory(request), report);
        if (code == kExitOk) code = fleet_code;
      }
    } else if (placement.rank == 0) {
      fmt::print(stderr,
                 "ridgeline: not every rank reached the end: no fleet summary; judge the files "
                 "with ridgeline fleet {}\n",
                 fleet_directory(request));
    }
  }
  if (group) group->finish();
  return code;
}

}  // namespace ridgeline::cli
