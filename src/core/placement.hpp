// Where in a fleet one result file was measured: which launcher started the process, its
// global rank and node, its rank inside the node, and how its device was chosen. Stored in
// the result file so `ridgeline fleet` can tell ranks, nodes and absent ranks apart.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ridgeline {

// What started the process: none (a plain command line), Slurm's srun, Open MPI's mpirun,
// an MPICH-family or MVAPICH2 mpiexec (PMI), a PMIx launcher, or ridgeline itself (one
// thread per device of `run --device cuda:all`).
enum class Launcher { none, slurm, open_mpi, mpich, mvapich, pmix, threads };
std::string_view to_string(Launcher l);
std::optional<Launcher> parse_launcher(std::string_view s);

// How the ranks of one fleet run were kept in step.
//   none: each rank ran on its own (files are compared afterwards);
//   barrier: every benchmark started together behind a barrier (MPI or threads);
//   sequential: one rank or device after another, each alone.
enum class Coordination { none, barrier, sequential };
std::string_view to_string(Coordination c);
std::optional<Coordination> parse_coordination(std::string_view s);

struct Placement {
  Launcher launcher = Launcher::none;
  int rank = 0;        // global rank, 0 .. world_size - 1
  int world_size = 1;  // ranks (or devices, for threads) of the whole run
  int local_rank = 0;  // rank inside its node: what binds its device
  std::optional<int> local_size;
  // The node's index in the job (SLURM_NODEID; under MPI from the gathered host names).
  std::optional<int> node_id;
  std::string node_name;  // host name
  // Names the run all ranks belong to: Slurm's job.step, Open MPI's job id, or the id
  // `run --device ...:all` gives its threads; empty when the launcher has none.
  std::string job_id;
  Coordination coordination = Coordination::none;
  // How the device was chosen: "local rank 1 -> cuda:1", "CUDA_VISIBLE_DEVICES=3 -> cuda:0".
  std::string binding;
  bool operator==(const Placement&) const = default;
};

}  // namespace ridgeline
