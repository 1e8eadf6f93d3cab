#include "backends/gpu/vendor_library.hpp"

#include <dlfcn.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string_view>
#include <system_error>

namespace ridgeline::gpu {
namespace {

std::string env(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  return value != nullptr ? value : "";
}

bool is_folder(const std::string& path) {
  std::error_code error;
  return std::filesystem::is_directory(path, error);
}

std::vector<std::string> ask_python() {
  // One folder per line; stderr dropped (a broken python3 just adds nothing).
  FILE* pipe = popen(
      "python3 -c \"import site, sys; print('\\n'.join(site.getsitepackages() + "
      "[site.getusersitepackages()] + sys.path))\" 2>/dev/null",
      "r");
  std::vector<std::string> out;
  if (pipe == nullptr) return out;
  std::string text;
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe) != nullptr)
    text += buffer.data();
  pclose(pipe);
  std::set<std::string> seen;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    std::string line = text.substr(at, end - at);
    at = end + 1;
    if (!line.empty() && line.front() == '/' && is_folder(line) && seen.insert(line).second)
      out.push_back(std::move(line));
  }
  return out;
}

}  // namespace

const std::vector<std::string>& python_site_folders() {
  static const std::vector<std::string> folders = ask_python();
  return folders;
}

std::vector<std::string> library_candidates(const LibrarySearch& search) {
  const std::string chosen = env(search.override_variable);
  if (!search.override_variable.empty() && !chosen.empty())
    return {is_folder(chosen) ? (std::filesystem::path(chosen) / search.soname).string() : chosen};
  std::vector<std::string> out{search.soname};  // the loader's own search
  std::set<std::string> seen{search.soname};
  auto add = [&](const std::filesystem::path& path) {
    if (seen.insert(path.string()).second) out.push_back(path.string());
  };
  std::vector<std::string> roots;
  for (const std::string& variable : search.toolkit_variables)
    if (const std::string root = env(variable); !root.empty()) roots.push_back(root);
  roots.insert(roots.end(), search.toolkit_roots.begin(), search.toolkit_roots.end());
  for (const std::string& root : roots) add(std::filesystem::path(root) / "lib64" / search.soname);
  if (!search.python_subfolders.empty())
    for (const std::string& site : python_site_folders())
      for (const std::string& sub : search.python_subfolders)
        add(std::filesystem::path(site) / sub / search.soname);
  return out;
}

OpenedLibrary open_library(const LibrarySearch& search) {
  OpenedLibrary opened;
  const std::vector<std::string> candidates = library_candidates(search);
  std::string first_error;  // of a file that exists but does not load: the one to report
  for (const std::string& candidate : candidates) {
    const bool bare = candidate.find('/') == std::string::npos;
    std::error_code error;
    if (!bare && !std::filesystem::exists(candidate, error)) continue;
    void* handle = dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle != nullptr) {
      opened.handle = handle;
      opened.path = candidate;
      return opened;
    }
    const char* why = dlerror();
    if (!bare && first_error.empty())
      first_error = candidate + ": " + (why != nullptr ? why : "dlopen failed");
  }
  const std::string chosen = env(search.override_variable);
  if (!search.override_variable.empty() && !chosen.empty()) {
    opened.why_not = search.label + " not loaded from " + search.override_variable + "=" + chosen +
                     (first_error.empty() ? " (no such file)" : " (" + first_error + ")");
    return opened;
  }
  opened.why_not = search.label + " (" + search.soname + ") not found";
  if (!first_error.empty()) opened.why_not += " (" + first_error + ")";
  opened.why_not += ": looked on the loader's path";
  for (std::size_t i = 1; i < candidates.size(); ++i)
    opened.why_not += (i == 1 ? ", in " : ", ") + candidates[i];
  if (!search.override_variable.empty())
    opened.why_not += "; " + search.override_variable + " names another file or folder";
  return opened;
}

}  // namespace ridgeline::gpu
