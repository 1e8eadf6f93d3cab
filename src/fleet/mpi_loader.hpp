// Opens MPI through the run-time plugin libridgeline_mpi.so (see mpi_world.hpp): only when
// a launcher started this process as an MPI program, so a plain run never touches MPI.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "fleet/mpi_world.hpp"

namespace ridgeline::fleet {

// Where the plugin is looked for, first match wins: $RIDGELINE_MPI_PLUGIN (a file), then
// libridgeline_mpi.so beside the binary and in its lib/ (an unpacked bundle).
std::vector<std::filesystem::path> mpi_plugin_search_path();

// MPI_Init through the plugin; nullptr with `why_not` (one line) when the plugin or the
// MPI library it needs cannot be loaded or MPI does not start. The plugin stays loaded
// for the life of the process (MPI libraries must not be unloaded).
std::shared_ptr<mpi::MpiWorld> open_mpi_world(std::string& why_not);

}  // namespace ridgeline::fleet
