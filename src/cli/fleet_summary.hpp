// The fleet judgement a run gives at its end when it measured several devices together:
// rank 0 of an MPI-coordinated srun/mpirun, or `run --device cuda:all`. The same verdicts
// as `ridgeline fleet DIR` with its default options.
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "results/result_model.hpp"

namespace ridgeline::cli {

// Prints the fleet table to `out`, writes its JSON form to dir/fleet-summary.json, and
// returns the fleet's exit code (fleet_exit.hpp). A summary that cannot be written is
// one line on stderr; the table and the code stand.
int summarize_fleet(std::vector<std::pair<std::string, ResultFile>> files,
                    const std::filesystem::path& dir, std::FILE* out);

}  // namespace ridgeline::cli
