#include "cli/output_paths.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <filesystem>
#include <system_error>

namespace ridgeline::cli {
namespace {

namespace fs = std::filesystem;

// The file a path ends up naming: absolute, "." and ".." gone, symlinks followed, also
// one that dangles (the writer would create its target). Two outputs are one file when
// these agree or the files are one inode.
fs::path resolved(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::absolute(path, ec).lexically_normal();
  for (int hops = 0; hops < 40 && fs::is_symlink(fs::symlink_status(p, ec)); ++hops) {
    const fs::path target = fs::read_symlink(p, ec);
    if (ec) break;
    p = (target.is_absolute() ? target : p.parent_path() / target).lexically_normal();
  }
  const fs::path canonical = fs::weakly_canonical(p, ec);  // symlinked directories above
  return ec ? p : canonical;
}

bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  if (fs::equivalent(a, b, ec) && !ec) return true;
  return resolved(a) == resolved(b);
}

// Whether the directory can take a new file (the writer creates a temporary beside the
// target and renames it over), as an error text or empty.
std::string directory_problem(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return fmt::format("no directory {}", dir.string());
  if (!fs::is_directory(dir, ec)) return fmt::format("{} is not a directory", dir.string());
  if (::access(dir.c_str(), W_OK | X_OK) != 0)
    return fmt::format("directory {} is not writable", dir.string());
  return {};
}

std::string problem_of(const std::string& path) {
  if (path.empty()) return "no file name";
  std::error_code ec;
  const fs::file_status target = fs::status(path, ec);  // follows a symlink
  if (fs::is_directory(target)) return "is a directory";
  // A FIFO or device is written in place: it must be writable itself.
  if (fs::exists(target) && !fs::is_regular_file(target))
    return ::access(path.c_str(), W_OK) == 0 ? std::string() : "not writable";
  const fs::path given = fs::absolute(path, ec).lexically_normal();
  if (std::string p = directory_problem(given.parent_path()); !p.empty()) return p;
  if (fs::is_symlink(fs::symlink_status(path, ec)))
    return directory_problem(resolved(path).parent_path());
  return {};
}

}  // namespace

void check_output_paths(std::span<const OutputPath> outputs) {
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const OutputPath& o = outputs[i];
    for (std::size_t j = 0; j < i; ++j)
      if (same_file(outputs[j].path, o.path))
        throw UnwritableOutput(fmt::format("{} {}: the same file as {} {}; give each its own",
                                           o.option, o.path, outputs[j].option, outputs[j].path));
    if (const std::string p = problem_of(o.path); !p.empty())
      throw UnwritableOutput(fmt::format("{} {}: cannot write ({})", o.option, o.path, p));
  }
}

}  // namespace ridgeline::cli
