#include "backends/plugin_loader.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <system_error>

#include "backends/plugin_abi.hpp"
#include "core/build_info.hpp"
#include "core/catalogue.hpp"

namespace ridgeline {
namespace {

// A backend whose plugin could not be used: no devices, and the reason.
class UnloadedBackend final : public Backend {
 public:
  UnloadedBackend(std::string name, std::string why)
      : name_(std::move(name)), why_(std::move(why)) {}
  std::string_view name() const override { return name_; }
  bool loaded() const override { return false; }
  std::vector<DeviceInfo> devices() override { return {}; }
  std::string unavailable_reason() const override { return why_; }
  bool supports(const KernelDecl&, DType) const override { return false; }
  std::uint64_t default_array_bytes(const DeviceInfo&) const override { return 0; }
  std::uint64_t default_multiply_adds(const DeviceInfo&, const KernelDecl&, DType) const override {
    return 0;
  }
  std::unique_ptr<PreparedCase> prepare(const DeviceInfo&, const CaseSpec&) override {
    throw SkipCase(why_);
  }

 private:
  std::string name_;
  std::string why_;
};

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
  return out;
}

// What opening one plugin gave: its entry, or why there is none. Kept for the process.
struct Opened {
  const PluginEntry* entry = nullptr;
  std::string why_not;
};

Opened open_plugin(std::string_view backend) {
  const std::string label = "the " + upper(backend) + " plugin";
  const std::filesystem::path path =
      plugin_directory() / ("libridgeline_" + std::string(backend) + ".so");
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error))
    return {nullptr, label + " is not installed (no " + path.string() +
                         "; RIDGELINE_PLUGIN_DIR names another folder)"};
  // RTLD_NOW: a missing symbol or vendor library is reported here, not at first use;
  // RTLD_LOCAL: two plugins' GPU host code never resolve to each other.
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    return {nullptr, label + " (" + path.string() +
                         ") cannot be loaded: " + (why != nullptr ? why : "dlopen failed")};
  }
  using EntryFunction = const PluginEntry* (*)();
  auto entry_function = reinterpret_cast<EntryFunction>(dlsym(handle, "ridgeline_backend_plugin"));
  if (entry_function == nullptr)
    return {nullptr, label + " (" + path.string() + ") has no ridgeline_backend_plugin()"};
  const PluginEntry* entry = entry_function();
  const std::string ours = std::string(build_info::kVersion) + " (git " + build_info::kGitSha +
                           ", " + build_info::kCompiler + ")";
  if (entry == nullptr || entry->abi_version != kPluginAbiVersion ||
      std::string_view(entry->version) != build_info::kVersion ||
      std::string_view(entry->git_sha) != build_info::kGitSha ||
      std::string_view(entry->compiler) != build_info::kCompiler)
    return {nullptr,
            label + " (" + path.string() + ") is from another build" +
                (entry != nullptr ? " (ridgeline " + std::string(entry->version) + ", git " +
                                        entry->git_sha + ", " + entry->compiler + ")"
                                  : std::string()) +
                "; this binary is ridgeline " + ours};
  if (std::string_view(entry->backend) != backend || entry->create == nullptr)
    return {nullptr, label + " (" + path.string() + ") makes the '" + entry->backend + "' backend"};
  // One core in the process: the plugin's catalogue() must be this binary's.
  if (entry->catalogue == nullptr || entry->catalogue().data() != catalogue().data())
    return {nullptr, label + " (" + path.string() +
                         ") carries its own copy of the kernel catalogue (linked the core "
                         "instead of taking it from the executable)"};
  return {entry, {}};
}

}  // namespace

std::filesystem::path plugin_directory() {
  if (const char* dir = std::getenv("RIDGELINE_PLUGIN_DIR"); dir != nullptr && *dir != '\0')
    return dir;
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return "plugins";
  return self.parent_path() / "plugins";
}

std::unique_ptr<Backend> load_backend_plugin(std::string_view backend) {
  static std::mutex mutex;
  static std::map<std::string, Opened, std::less<>> opened;
  const std::lock_guard lock(mutex);
  auto it = opened.find(backend);
  if (it == opened.end()) it = opened.emplace(std::string(backend), open_plugin(backend)).first;
  const Opened& plugin = it->second;
  if (plugin.entry == nullptr)
    return std::make_unique<UnloadedBackend>(std::string(backend), plugin.why_not);
  try {
    return plugin.entry->create();
  } catch (const std::exception& e) {
    return std::make_unique<UnloadedBackend>(
        std::string(backend), "the " + upper(backend) + " plugin failed to start: " + e.what());
  }
}

}  // namespace ridgeline
