// `run` on one device: a plain run, or one rank of an srun/mpirun fleet. A rank finds its
// place from the launcher's variables, binds its device from its local rank, writes its own
// file (rank, node and device in the name and in the file) and, when the launcher started
// an MPI program and the MPI plugin loads, starts every benchmark together with the other
// ranks behind a barrier, measures the collectives between them, and rank 0 prints the
// fleet's judgement. Without MPI the ranks run on their own; `ridgeline fleet DIR` judges
// their files afterwards.
#pragma once

#include "cli/run_request.hpp"
#include "core/launcher_environment.hpp"

namespace ridgeline::cli {

int run_one_device(const RunRequest& request, LaunchEnvironment launch);

}  // namespace ridgeline::cli
