#include "fleet/mpi_loader.hpp"

#include <dlfcn.h>

#include <array>
#include <cstdlib>
#include <system_error>

#include "core/binary_location.hpp"

namespace ridgeline::fleet {

std::vector<std::filesystem::path> mpi_plugin_search_path() {
  std::vector<std::filesystem::path> paths;
  if (const char* env = std::getenv("RIDGELINE_MPI_PLUGIN"); env && *env) paths.emplace_back(env);
  if (const auto dir = binary_directory()) {
    paths.push_back(*dir / mpi::kPluginFile);
    paths.push_back(*dir / "lib" / mpi::kPluginFile);
  }
  return paths;
}

std::shared_ptr<mpi::MpiWorld> open_mpi_world(std::string& why_not) {
  std::string tried;
  for (const auto& path : mpi_plugin_search_path()) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      tried += (tried.empty() ? "" : ", ") + path.string();
      continue;
    }
    // RTLD_GLOBAL: Open MPI loads its own components later, and they resolve libmpi's
    // symbols from the global scope.
    void* library = dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL);
    if (library == nullptr) {
      why_not = std::string("cannot load ") + path.string() + ": " + dlerror();
      return nullptr;
    }
    using Open = mpi::MpiWorld* (*)(int, char*, std::size_t);
    const auto open = reinterpret_cast<Open>(dlsym(library, mpi::kPluginEntry));
    if (open == nullptr) {
      why_not = path.string() + " has no " + mpi::kPluginEntry;
      return nullptr;
    }
    std::array<char, 512> error{};
    mpi::MpiWorld* world = open(mpi::kPluginAbiVersion, error.data(), error.size());
    if (world == nullptr) {
      why_not = path.string() + ": " + error.data();
      return nullptr;
    }
    return std::shared_ptr<mpi::MpiWorld>(world);
  }
  why_not = std::string("no ") + mpi::kPluginFile + " (looked for " + tried +
            "; this build was made without MPI, or the plugin was not copied beside the binary)";
  return nullptr;
}

}  // namespace ridgeline::fleet
