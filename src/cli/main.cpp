#include <cstdlib>

#include "cli/app.hpp"

int main(int argc, char** argv) {
  // Pin OpenMP threads unless the user chose otherwise: unpinned threads migrate
  // and make CPU bandwidth noisy. Must happen before the OpenMP runtime starts.
  setenv("OMP_PROC_BIND", "close", 0);
  setenv("OMP_PLACES", "cores", 0);
  return ridgeline::cli::run_cli(argc, argv);
}
