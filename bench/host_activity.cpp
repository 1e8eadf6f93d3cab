#include "host_activity.hpp"

#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>

namespace ridgeline {
namespace {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return {};
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

}  // namespace

std::vector<double> parse_load_avg(std::string_view proc_loadavg) {
  std::istringstream in{std::string(proc_loadavg)};
  std::vector<double> out(3);
  if (!(in >> out[0] >> out[1] >> out[2])) return {};
  for (double v : out)
    if (!(v >= 0)) return {};
  return out;
}

std::optional<CpuTicks> parse_cpu_ticks(std::string_view proc_stat) {
  std::istringstream in{std::string(proc_stat)};
  std::string label;
  // cpu  user nice system idle iowait irq softirq steal [guest guest_nice]: guest time is
  // already inside user and nice, so it is not added again.
  double user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
  if (!(in >> label) || label != "cpu") return std::nullopt;
  if (!(in >> user >> nice >> system >> idle >> iowait >> irq >> softirq)) return std::nullopt;
  if (!(in >> steal)) steal = 0;  // kernels before 2.6.11
  CpuTicks t;
  t.busy = user + nice + system + irq + softirq + steal;
  t.total = t.busy + idle + iowait;
  if (!(t.total > 0)) return std::nullopt;
  return t;
}

std::string read_cpu_governor(const std::filesystem::path& root) {
  const auto cpus = root / "sys/devices/system/cpu";
  std::vector<std::pair<int, std::string>> found;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(cpus, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() < 4 || name.compare(0, 3, "cpu") != 0 ||
        !std::all_of(name.begin() + 3, name.end(), [](char c) { return c >= '0' && c <= '9'; }))
      continue;
    std::string governor = read_text(entry.path() / "cpufreq/scaling_governor");
    while (!governor.empty() && (governor.back() == '\n' || governor.back() == ' '))
      governor.pop_back();
    if (!governor.empty()) found.emplace_back(std::stoi(name.substr(3)), governor);
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> distinct;
  for (const auto& [cpu, governor] : found)
    if (std::find(distinct.begin(), distinct.end(), governor) == distinct.end())
      distinct.push_back(governor);
  std::string out;
  for (const auto& g : distinct) out += (out.empty() ? "" : ", ") + g;
  return out;
}

HostState read_host_state(const std::filesystem::path& root) {
  return HostState{parse_load_avg(read_text(root / "proc/loadavg")), read_cpu_governor(root)};
}

ActivitySnapshot take_activity_snapshot(const std::filesystem::path& root) {
  return ActivitySnapshot{parse_cpu_ticks(read_text(root / "proc/stat")), process_cpu_seconds()};
}

std::optional<double> others_cpu_share(const ActivitySnapshot& before,
                                       const ActivitySnapshot& after, double ticks_per_second) {
  if (!before.host || !after.host || !(ticks_per_second > 0)) return std::nullopt;
  const double total = after.host->total - before.host->total;
  if (total < kMinTicks) return std::nullopt;
  const double busy = after.host->busy - before.host->busy;
  const double own = (after.own_cpu_seconds - before.own_cpu_seconds) * ticks_per_second;
  return std::clamp((busy - own) / total, 0.0, 1.0);
}

double clock_ticks_per_second() {
  const long ticks = sysconf(_SC_CLK_TCK);
  return ticks > 0 ? static_cast<double>(ticks) : 100.0;
}

}  // namespace ridgeline
