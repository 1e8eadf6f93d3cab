#include "backends/cpu/cpu_topology.hpp"

#include <omp.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <utility>

#include "backends/cpu/cpu_simd.hpp"
#include "backends/cpu/cpu_simd_variant.hpp"

namespace ridgeline::cpu {
namespace fs = std::filesystem;

namespace {

std::string read_first_line(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

std::string trim(std::string s) {
  const auto first = s.find_first_not_of(" \t");
  const auto last = s.find_last_not_of(" \t\r\n");
  return first == std::string::npos ? std::string{} : s.substr(first, last - first + 1);
}

// Value of the first "key : value" line of a /proc file (cpuinfo, meminfo).
std::string proc_field(const fs::path& file, const std::string& key) {
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    const auto colon = line.find(':');
    if (colon != std::string::npos && trim(line.substr(0, colon)) == key)
      return trim(line.substr(colon + 1));
  }
  return {};
}

// "32K", "36608K", "2M", "1048576" -> bytes.
std::uint64_t parse_size(const std::string& text) {
  std::uint64_t value = 0;
  std::size_t pos = 0;
  try {
    value = std::stoull(text, &pos);
  } catch (const std::exception&) {
    return 0;
  }
  switch (pos < text.size() ? text[pos] : ' ') {
    case 'K':
      return value << 10;
    case 'M':
      return value << 20;
    case 'G':
      return value << 30;
    default:
      return value;
  }
}

fs::path cpu_dir(const fs::path& root) { return root / "sys/devices/system/cpu"; }

int online_cpus(const fs::path& root) {
  const int n = count_cpu_list(read_first_line(cpu_dir(root) / "online"));
  return n > 0 ? n : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

// Physical cores: distinct (package, core) pairs; SMT siblings share the FMA units.
int physical_cores(const fs::path& root, int online) {
  std::set<std::pair<std::string, std::string>> cores;
  for (int cpu = 0; cpu < online; ++cpu) {
    const fs::path topo = cpu_dir(root) / ("cpu" + std::to_string(cpu)) / "topology";
    const std::string core = read_first_line(topo / "core_id");
    if (core.empty()) return online;
    cores.emplace(read_first_line(topo / "physical_package_id"), core);
  }
  return cores.empty() ? online : static_cast<int>(cores.size());
}

double clock_mhz(const fs::path& root, const std::string& model_name) {
  const std::string max_khz = read_first_line(cpu_dir(root) / "cpu0/cpufreq/cpuinfo_max_freq");
  if (const std::uint64_t khz = parse_size(max_khz); khz > 0)
    return static_cast<double>(khz) / 1000.0;
  // Intel model names carry the nominal clock: "... @ 2.50GHz".
  if (const auto at = model_name.rfind('@'); at != std::string::npos) {
    try {
      return std::stod(model_name.substr(at + 1)) * 1000.0;
    } catch (const std::exception&) {
    }
  }
  try {
    return std::stod(proc_field(root / "proc/cpuinfo", "cpu MHz"));
  } catch (const std::exception&) {
    return 0.0;
  }
}

std::string vendor_name(const std::string& vendor_id) {
  if (vendor_id == "GenuineIntel") return "Intel";
  if (vendor_id == "AuthenticAMD") return "AMD";
  return vendor_id;
}

// Widest vector extension of the running CPU (not of the fake root: sysfs has no ISA).
std::pair<std::string, int> host_isa() {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return {"x86_64 avx512f", 512};
  if (__builtin_cpu_supports("avx2")) return {"x86_64 avx2", 256};
  if (__builtin_cpu_supports("avx")) return {"x86_64 avx", 256};
  return {"x86_64 sse2", 128};
#elif defined(__aarch64__)
  return {"aarch64 neon", 128};
#else
  return {"unknown", 0};
#endif
}

std::string proc_bind_name(omp_proc_bind_t bind) {
  switch (bind) {
    case omp_proc_bind_false:
      return "false";
    case omp_proc_bind_true:
      return "true";
    case omp_proc_bind_master:
      return "primary";
    case omp_proc_bind_close:
      return "close";
    case omp_proc_bind_spread:
      return "spread";
  }
  return "unknown";
}

}  // namespace

int count_cpu_list(const std::string& list) {
  int count = 0;
  std::stringstream ranges(list);
  for (std::string range; std::getline(ranges, range, ',');) {
    range = trim(range);
    if (range.empty()) continue;
    try {
      const auto dash = range.find('-');
      const int first = std::stoi(range.substr(0, dash));
      const int last = dash == std::string::npos ? first : std::stoi(range.substr(dash + 1));
      if (last < first) return 0;
      count += last - first + 1;
    } catch (const std::exception&) {
      return 0;
    }
  }
  return count;
}

std::vector<CacheLevel> read_caches(const fs::path& root) {
  const int online = online_cpus(root);
  std::vector<CacheLevel> caches;
  for (int index = 0;; ++index) {
    const fs::path dir = cpu_dir(root) / "cpu0/cache" / ("index" + std::to_string(index));
    if (!fs::exists(dir / "level")) break;
    CacheLevel cache;
    cache.level = std::atoi(read_first_line(dir / "level").c_str());
    std::string type = read_first_line(dir / "type");
    std::transform(type.begin(), type.end(), type.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    cache.type = type;
    cache.size_bytes = parse_size(read_first_line(dir / "size"));
    cache.shared_by = std::max(1, count_cpu_list(read_first_line(dir / "shared_cpu_list")));
    cache.instances = std::max(1, online / cache.shared_by);
    caches.push_back(cache);
  }
  return caches;
}

std::uint64_t available_memory_bytes(const fs::path& root) {
  return parse_size(proc_field(root / "proc/meminfo", "MemAvailable")) << 10;  // "kB"
}

DeviceInfo describe_host(const fs::path& root) {
  DeviceInfo d;
  d.id = "cpu:0";
  d.backend = "cpu";
  const fs::path cpuinfo = root / "proc/cpuinfo";
  d.name = proc_field(cpuinfo, "model name");
  if (d.name.empty()) d.name = "unknown CPU";
  d.vendor = vendor_name(proc_field(cpuinfo, "vendor_id"));
  std::tie(d.arch, d.simd_bits) = host_isa();
  d.compute_units = physical_cores(root, online_cpus(root));
  d.compute_unit_kind = "core";
  d.clock_mhz = clock_mhz(root, d.name);
  d.caches = read_caches(root);
  d.memory_bytes = parse_size(proc_field(root / "proc/meminfo", "MemTotal")) << 10;
  d.extra["omp_threads"] = omp_get_max_threads();
  d.extra["omp_proc_bind"] = proc_bind_name(omp_get_proc_bind());
  // What the kernels were compiled for: a -march=native build on this machine enables
  // its vector extensions, a portable build stays at the baseline ISA; the compute-bound
  // kernels run the SIMD variant chosen at run time (cpu_simd_variant.hpp).
  d.extra["kernel_build"] = RIDGELINE_NATIVE_KERNELS ? "-march=native" : "portable";
  d.extra["kernel_simd"] = kVectorIsa;
  d.extra["compute_simd"] = simd_description();
  return d;
}

}  // namespace ridgeline::cpu
