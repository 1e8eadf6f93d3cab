#include "core/launcher_environment.hpp"

#include <charconv>
#include <cstdlib>
#include <stdexcept>
#include <vector>

namespace ridgeline {
namespace {

std::optional<int> whole_number(const Environment& env, std::string_view name) {
  const auto text = env(name);
  if (!text) return std::nullopt;
  int value = 0;
  const char* end = text->data() + text->size();
  const auto [at, ec] = std::from_chars(text->data(), end, value);
  if (ec != std::errc() || at != end || value < 0)
    throw std::invalid_argument(std::string(name) + "='" + *text +
                                "': not a whole number (set by the launcher?)");
  return value;
}

int required_number(const Environment& env, std::string_view name, std::string_view launcher) {
  const auto value = whole_number(env, name);
  if (!value)
    throw std::invalid_argument(std::string(name) + " is not set, but the other variables of " +
                                std::string(launcher) + " are");
  return *value;
}

// The launcher's rank variables, in one place for every MPI-style launcher.
struct RankVariables {
  Launcher launcher;
  const char* size;
  const char* rank;
  const char* local_rank;  // may be absent in the environment
  const char* local_size;
};

constexpr RankVariables kMpiLaunchers[] = {
    {Launcher::open_mpi, "OMPI_COMM_WORLD_SIZE", "OMPI_COMM_WORLD_RANK",
     "OMPI_COMM_WORLD_LOCAL_RANK", "OMPI_COMM_WORLD_LOCAL_SIZE"},
    {Launcher::mvapich, "MV2_COMM_WORLD_SIZE", "MV2_COMM_WORLD_RANK", "MV2_COMM_WORLD_LOCAL_RANK",
     "MV2_COMM_WORLD_LOCAL_SIZE"},
    // MPICH's Hydra (and Intel MPI) export PMI_RANK/PMI_SIZE and the local rank apart.
    {Launcher::mpich, "PMI_SIZE", "PMI_RANK", "MPI_LOCALRANKID", "MPI_LOCALNRANKS"},
};

void check_rank_fits(const Placement& p, std::string_view rank_variable) {
  if (p.world_size < 1)
    throw std::invalid_argument("the launcher says there are no ranks (world size 0)");
  if (p.rank >= p.world_size)
    throw std::invalid_argument(std::string(rank_variable) + "=" + std::to_string(p.rank) +
                                " is not below the world size " + std::to_string(p.world_size));
  if (p.local_size && p.local_rank >= *p.local_size)
    throw std::invalid_argument(std::string("local rank ") + std::to_string(p.local_rank) +
                                " is not below the ranks on its node (" +
                                std::to_string(*p.local_size) + ")");
}

}  // namespace

Environment process_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

std::optional<int> slurm_tasks_on_node(std::string_view tasks_per_node, int node_id) {
  int node = 0;
  while (!tasks_per_node.empty()) {
    const auto comma = tasks_per_node.find(',');
    std::string_view item = tasks_per_node.substr(0, comma);
    tasks_per_node =
        comma == std::string_view::npos ? std::string_view{} : tasks_per_node.substr(comma + 1);
    int tasks = 0;
    int repeat = 1;
    const char* end = item.data() + item.size();
    auto [at, ec] = std::from_chars(item.data(), end, tasks);
    if (ec != std::errc()) return std::nullopt;
    if (at != end) {  // "N(xM)"
      const std::string_view rest(at, static_cast<std::size_t>(end - at));
      if (rest.size() < 4 || rest.substr(0, 2) != "(x" || rest.back() != ')') return std::nullopt;
      const auto [at2, ec2] =
          std::from_chars(rest.data() + 2, rest.data() + rest.size() - 1, repeat);
      if (ec2 != std::errc() || at2 != rest.data() + rest.size() - 1) return std::nullopt;
    }
    if (node_id < node + repeat) return tasks;
    node += repeat;
  }
  return std::nullopt;
}

namespace {

// An srun task: its step has an id; the batch script of an sbatch job has none and is one
// process, whatever SLURM_NTASKS says.
std::optional<LaunchEnvironment> slurm_task(const Environment& env, const std::string& host_name) {
  if (!env("SLURM_PROCID") || !env("SLURM_STEP_ID")) return std::nullopt;
  LaunchEnvironment out;
  Placement& p = out.placement;
  p.node_name = host_name;
  p.launcher = Launcher::slurm;
  p.rank = required_number(env, "SLURM_PROCID", "srun");
  p.world_size = whole_number(env, "SLURM_STEP_NUM_TASKS")
                     .value_or(required_number(env, "SLURM_NTASKS", "srun"));
  p.local_rank = required_number(env, "SLURM_LOCALID", "srun");
  p.node_id = whole_number(env, "SLURM_NODEID");
  if (const auto tasks = env("SLURM_STEP_TASKS_PER_NODE"); tasks && p.node_id)
    p.local_size = slurm_tasks_on_node(*tasks, *p.node_id);
  if (const auto node = env("SLURMD_NODENAME")) p.node_name = *node;
  const auto job = env("SLURM_JOB_ID");
  p.job_id = (job ? *job : std::string("?")) + "." + *env("SLURM_STEP_ID");
  // srun --mpi=pmix or pmi2 hands its tasks what MPI_Init needs.
  out.mpi_launch = env("PMIX_RANK").has_value() || env("PMI_FD").has_value();
  check_rank_fits(p, "SLURM_PROCID");
  return out;
}

}  // namespace

LaunchEnvironment detect_launch(const Environment& env, const std::string& host_name) {
  const std::optional<LaunchEnvironment> slurm = slurm_task(env, host_name);
  for (const RankVariables& v : kMpiLaunchers) {
    if (!env(v.size)) continue;
    LaunchEnvironment out;
    Placement& p = out.placement;
    p.node_name = host_name;
    p.launcher = v.launcher;
    p.world_size = required_number(env, v.size, to_string(v.launcher));
    p.rank = required_number(env, v.rank, to_string(v.launcher));
    p.local_rank = whole_number(env, v.local_rank).value_or(0);
    p.local_size = whole_number(env, v.local_size);
    check_rank_fits(p, v.rank);
    // srun --mpi=pmi2 exports PMI_RANK and PMI_SIZE itself: the same ranks as the Slurm
    // step's, so srun is the launcher (with its node ids). Open MPI's mpirun inside a
    // job starts its daemons as a Slurm step, so OMPI_* always win.
    if (slurm && v.launcher != Launcher::open_mpi && slurm->placement.rank == p.rank &&
        slurm->placement.world_size == p.world_size) {
      LaunchEnvironment srun = *slurm;
      srun.mpi_launch = true;
      return srun;
    }
    if (const auto job = env("PMIX_NAMESPACE"))
      p.job_id = *job;
    else if (const auto ompi_job = env("OMPI_MCA_ess_base_jobid"))
      p.job_id = *ompi_job;
    else if (const auto slurm_job = env("SLURM_JOB_ID"))
      p.job_id = *slurm_job;  // inside a Slurm job the job id names the fleet too
    out.mpi_launch = true;
    return out;
  }
  if (slurm) return *slurm;
  LaunchEnvironment none;
  none.placement.node_name = host_name;
  return none;
}

int global_rank_or_zero(const Environment& env) {
  try {
    return detect_launch(env, "").placement.rank;
  } catch (const std::invalid_argument&) {
    return 0;
  }
}

}  // namespace ridgeline
