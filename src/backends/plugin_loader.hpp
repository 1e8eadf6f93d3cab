// Finds, opens and checks the backend plugins (backends/plugin_abi.hpp).
#pragma once

#include <filesystem>
#include <memory>
#include <string_view>

#include "backends/backend.hpp"

namespace ridgeline {

// The folder the plugins are looked for in: $RIDGELINE_PLUGIN_DIR when set, else
// plugins/ beside the executable (/proc/self/exe): build/plugins/ in a build tree, the
// bundle's plugins/ where it is unpacked.
std::filesystem::path plugin_directory();

// libridgeline_<backend>.so from plugin_directory(), opened once per process and never
// closed. Never throws and never returns null: a plugin that is absent, fails to load
// (its vendor runtime missing, say) or comes from another build gives a stand-in with
// no devices whose unavailable_reason() says why, so `ridgeline devices` and
// `run --device cuda:0` report it like a backend without a GPU.
std::unique_ptr<Backend> load_backend_plugin(std::string_view backend);

}  // namespace ridgeline
