// Collectives between the CPU ranks of an srun or mpirun, through MPI on host memory: what
// CI measures for real between processes on one machine.
#pragma once

#include <memory>

#include "backends/collective_transport.hpp"
#include "fleet/mpi_world.hpp"

namespace ridgeline::fleet {

std::unique_ptr<CollectiveTransport> make_mpi_collective_transport(
    std::shared_ptr<mpi::MpiWorld> world);

}  // namespace ridgeline::fleet
