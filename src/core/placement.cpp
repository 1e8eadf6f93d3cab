#include "core/placement.hpp"

#include "core/enum_names.hpp"

namespace ridgeline {
namespace {
constexpr auto kLaunchers =
    enum_names(std::pair{Launcher::none, "none"}, std::pair{Launcher::slurm, "slurm"},
               std::pair{Launcher::open_mpi, "openmpi"}, std::pair{Launcher::mpich, "mpich"},
               std::pair{Launcher::mvapich, "mvapich"}, std::pair{Launcher::pmix, "pmix"},
               std::pair{Launcher::threads, "threads"});
constexpr auto kCoordinations =
    enum_names(std::pair{Coordination::none, "none"}, std::pair{Coordination::barrier, "barrier"},
               std::pair{Coordination::sequential, "sequential"});
}  // namespace

std::string_view to_string(Launcher l) { return kLaunchers.name(l); }
std::optional<Launcher> parse_launcher(std::string_view s) { return kLaunchers.parse(s); }
std::string_view to_string(Coordination c) { return kCoordinations.name(c); }
std::optional<Coordination> parse_coordination(std::string_view s) {
  return kCoordinations.parse(s);
}

}  // namespace ridgeline
