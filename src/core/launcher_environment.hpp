// Reads a process's place in a fleet from the variables its launcher set: Slurm's srun
// (SLURM_PROCID, SLURM_NODEID, SLURM_LOCALID, ...), Open MPI's mpirun (OMPI_COMM_WORLD_*),
// MPICH-family mpiexec (PMI_RANK, MPI_LOCALRANKID) and MVAPICH2 (MV2_COMM_WORLD_*). A pure
// function of the variables, so every launcher is unit-tested with a faked environment.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/placement.hpp"

namespace ridgeline {

// Looks a variable up; nullopt when it is not set.
using Environment = std::function<std::optional<std::string>(std::string_view name)>;

// This process's environment (getenv).
Environment process_environment();

struct LaunchEnvironment {
  Placement placement;  // coordination and binding are left to the caller
  // The launcher starts MPI programs (mpirun, mpiexec, srun --mpi=pmix|pmi2): the ranks
  // can open MPI to keep in step; a plain srun task cannot.
  bool mpi_launch = false;
};

// The first launcher whose variables are present, in the order Open MPI, MVAPICH2,
// MPICH/PMI, Slurm (an mpirun inside an sbatch job inherits the job's SLURM_* variables,
// while its ranks get their own OMPI_* ones; Slurm's batch step has no SLURM_STEP_ID and
// is not a task). No launcher: rank 0 of 1. Throws std::invalid_argument, naming the
// variable, when a launcher's variable is not a whole number or the ranks do not fit.
LaunchEnvironment detect_launch(const Environment& env, const std::string& host_name);

// Slurm's SLURM_STEP_TASKS_PER_NODE ("2(x3),1": two tasks on each of three nodes, then
// one) for one node index; nullopt when the text does not say.
std::optional<int> slurm_tasks_on_node(std::string_view tasks_per_node, int node_id);

// The rank selector of the RIDGELINE_FAULT hook: this process's global rank from the
// same variables, 0 when there is no launcher or the variables do not parse.
int global_rank_or_zero(const Environment& env);

}  // namespace ridgeline
