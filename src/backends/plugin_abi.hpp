// How the core binary and a backend plugin (libridgeline_cuda.so, libridgeline_hip.so)
// meet: the plugin is a shared object exporting one C symbol, ridgeline_backend_plugin(),
// which returns a PluginEntry; the core opens it with dlopen when the file is there
// (backends/plugin_loader.hpp), so the executable itself links no GPU library and runs on
// any Linux host.
//
// One core in the process. A plugin holds only its backend's code (device kernels, GPU
// host logic, vendor libraries opened at run time); every ridgeline symbol it needs from
// the core (catalogue, dtypes, params, verification, units, ...) it takes from the
// executable, which exports its symbols (CMake ENABLE_EXPORTS) and links the core whole.
// So a KernelDecl* the harness hands a plugin is the very object the plugin's own
// find_kernel() returns, and an exception type (SkipCase, DeviceLost) is one type on both
// sides. The loader checks that: `catalogue` is the plugin's view of catalogue(), and a
// plugin that sees another copy is refused.
//
// Why not a C interface with the core copied into each plugin: the Backend interface
// passes C++ objects both ways (strings, maps, DeviceInfo, exceptions), so a plugin must
// come from the same compiler and the same tree in any case; version, git SHA and
// compiler are compared, and a plugin from another build is refused with the reason.
#pragma once

#include <memory>
#include <span>

#include "backends/backend.hpp"
#include "core/catalogue.hpp"

namespace ridgeline {

inline constexpr int kPluginAbiVersion = 1;

struct PluginEntry {
  int abi_version = 0;
  const char* version = "";   // build_info::kVersion of the plugin's build
  const char* git_sha = "";   // build_info::kGitSha
  const char* compiler = "";  // build_info::kCompiler
  const char* backend = "";   // "cuda", "hip": what create() makes
  std::unique_ptr<Backend> (*create)() = nullptr;
  std::span<const KernelDecl> (*catalogue)() = nullptr;
};

}  // namespace ridgeline

// The one symbol a plugin exports (C linkage, so dlsym finds it by this name).
extern "C" const ridgeline::PluginEntry* ridgeline_backend_plugin();
