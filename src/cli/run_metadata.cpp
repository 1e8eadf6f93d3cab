#include "cli/run_metadata.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <thread>

#include "core/build_info.hpp"

namespace ridgeline::cli {

ToolInfo this_tool() {
  return ToolInfo{build_info::kVersion, build_info::kGitSha, build_info::kCompiler,
                  build_info::kFlags, build_info::kBuildType};
}

HostInfo this_host() {
  HostInfo h;
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) == 0) h.hostname = name;
  utsname u{};
  if (uname(&u) == 0) {
    h.os = u.sysname;
    h.kernel = fmt::format("{} {}", u.release, u.machine);
  }
  h.cpus = static_cast<int>(std::thread::hardware_concurrency());
  return h;
}

std::string utc_now_iso8601() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", now);
}

std::string process_command_line() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!raw.empty() && raw.back() == '\0') raw.pop_back();
  std::replace(raw.begin(), raw.end(), '\0', ' ');
  return raw;
}

std::filesystem::path default_result_path(const std::filesystem::path& dir,
                                          const DeviceInfo& device) {
  const std::string stem = fmt::format("{}-{}", device.slug(), utc_now_iso8601().substr(0, 10));
  std::filesystem::path path = dir / (stem + ".json");
  for (int n = 2; std::filesystem::exists(path); ++n)
    path = dir / fmt::format("{}-{}.json", stem, n);
  return path;
}

ResultFile run_header(const DeviceInfo& device, const std::string& suite, int repetitions,
                      const std::string& command_line) {
  ResultFile header;
  header.tool = this_tool();
  header.host = this_host();
  header.device = device;
  header.run.started_utc = utc_now_iso8601();
  header.run.suite = suite;
  header.run.repetitions = repetitions;
  header.run.command_line = command_line;
  return header;
}

}  // namespace ridgeline::cli
