#include "backends/hip/rocm_smi_monitor.hpp"

#include <dlfcn.h>

#include <array>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <utility>

namespace ridgeline::hip {
namespace {

// The few ROCm SMI declarations used, from its C ABI (rocm_smi.h is not needed to build:
// statuses and enums are ints, the rest plain integers and char buffers).
using rsmi_status_t = int;
constexpr rsmi_status_t kRsmiSuccess = 0;
constexpr int kClockSystem = 0;  // RSMI_CLK_TYPE_SYS
constexpr int kClockMemory = 4;  // RSMI_CLK_TYPE_MEM
constexpr std::uint32_t kTempEdge = 0;
constexpr std::uint32_t kTempJunction = 1;
constexpr std::uint32_t kTempMemory = 2;
constexpr int kTempCurrent = 0;  // RSMI_TEMP_CURRENT
constexpr std::size_t kMaxFrequencies = 33;
// rsmi_frequencies_t of either layout fits: at most 16 bytes of header, 33 frequencies.
constexpr std::size_t kFrequenciesBytes = 16 + 8 * kMaxFrequencies;
// ROCm 6.0 shipped ROCm SMI 7.0, the first with has_deep_sleep in rsmi_frequencies_t.
constexpr std::uint32_t kFirstDeepSleepMajor = 7;

struct RsmiVersion {
  std::uint32_t major, minor, patch;
  const char* build;
};

struct RsmiApi {
  rsmi_status_t (*init)(std::uint64_t) = nullptr;
  rsmi_status_t (*shut_down)() = nullptr;
  rsmi_status_t (*status_string)(rsmi_status_t, const char**) = nullptr;
  rsmi_status_t (*version)(RsmiVersion*) = nullptr;
  rsmi_status_t (*num_devices)(std::uint32_t*) = nullptr;
  rsmi_status_t (*pci_id)(std::uint32_t, std::uint64_t*) = nullptr;
  rsmi_status_t (*clock)(std::uint32_t, int, void*) = nullptr;
  rsmi_status_t (*power)(std::uint32_t, std::uint64_t*, int*) = nullptr;
  rsmi_status_t (*power_average)(std::uint32_t, std::uint32_t, std::uint64_t*) = nullptr;
  rsmi_status_t (*power_cap)(std::uint32_t, std::uint32_t, std::uint64_t*) = nullptr;
  rsmi_status_t (*temperature)(std::uint32_t, std::uint32_t, int, std::int64_t*) = nullptr;
  rsmi_status_t (*compute_partition)(std::uint32_t, char*, std::uint32_t) = nullptr;
  rsmi_status_t (*memory_partition)(std::uint32_t, char*, std::uint32_t) = nullptr;
  rsmi_status_t (*throttle_status)(std::uint32_t, std::uint32_t*) = nullptr;
};

template <class Fn>
void resolve(void* library, const char* symbol, Fn& fn) {
  fn = reinterpret_cast<Fn>(dlsym(library, symbol));
}

// A function missing from an older library, or one the device does not support, leaves
// its key out of the state rather than failing the benchmark.
template <class Fn, class... Args>
bool ok(Fn fn, Args... args) {
  return fn != nullptr && fn(args...) == kRsmiSuccess;
}

std::string read_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) return {};
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' '))
    line.pop_back();
  return line;
}

std::string status_text(const RsmiApi& api, rsmi_status_t status) {
  const char* text = nullptr;
  if (api.status_string != nullptr && api.status_string(status, &text) == kRsmiSuccess && text)
    return text;
  return "status " + std::to_string(status);
}

std::uint32_t read_u32(std::span<const std::byte> raw, std::size_t offset) {
  std::uint32_t v = 0;
  std::memcpy(&v, raw.data() + offset, sizeof v);
  return v;
}

std::optional<double> clock_in_layout(std::span<const std::byte> raw, bool deep_sleep_layout) {
  // Without has_deep_sleep: u32 num_supported, u32 current, u64 frequency[]. With it:
  // bool (padded to 4), u32 num_supported, u32 current, padding to 8, u64 frequency[].
  const std::size_t header = deep_sleep_layout ? 4 : 0;
  const std::size_t table = deep_sleep_layout ? 16 : 8;
  if (raw.size() < table + 8 * kMaxFrequencies) return std::nullopt;
  const std::uint32_t supported = read_u32(raw, header);
  const std::uint32_t current = read_u32(raw, header + 4);
  if (supported == 0 || supported > kMaxFrequencies || current >= supported) return std::nullopt;
  std::uint64_t hz = 0;
  std::memcpy(&hz, raw.data() + table + 8 * current, sizeof hz);
  // A GPU clock between 1 MHz and 10 GHz; anything else is the wrong layout.
  if (hz < 1'000'000 || hz > 10'000'000'000ULL) return std::nullopt;
  return static_cast<double>(hz) / 1e6;
}

class RocmSmiMonitor final : public gpu::HardwareMonitor {
 public:
  RocmSmiMonitor(void* library, RsmiApi api, std::uint32_t index, std::string device_dir,
                 std::string library_text, bool deep_sleep_layout)
      : library_(library),
        api_(api),
        index_(index),
        device_dir_(std::move(device_dir)),
        library_text_(std::move(library_text)),
        deep_sleep_layout_(deep_sleep_layout) {}
  ~RocmSmiMonitor() override {
    api_.shut_down();
    dlclose(library_);
  }
  RocmSmiMonitor(const RocmSmiMonitor&) = delete;
  RocmSmiMonitor& operator=(const RocmSmiMonitor&) = delete;

  std::string source() const override { return "rocm_smi"; }

  gpu::HardwareSample sample() const override {
    gpu::HardwareSample s;
    s.core_clock_mhz = clock(kClockSystem);
    s.memory_clock_mhz = clock(kClockMemory);
    std::uint64_t microwatts = 0;
    int power_type = 0;
    if (ok(api_.power, index_, &microwatts, &power_type) ||
        ok(api_.power_average, index_, 0U, &microwatts))
      s.power_w = static_cast<double>(microwatts) / 1e6;
    // MI300-class parts have no edge sensor: the edge where there is one, else the
    // junction (hotspot); static_facts says which.
    const auto edge = temperature(kTempEdge);
    s.temperature_c = edge ? edge : temperature(kTempJunction);
    std::uint32_t throttle = 0;
    if (ok(api_.throttle_status, index_, &throttle) && throttle != 0)
      s.throttle_reasons.push_back("throttle_status_0x" + hex(throttle));
    return s;
  }

  Params static_facts() const override {
    Params s;
    s["hardware_monitor"] = library_text_;
    std::uint64_t cap = 0;
    if (ok(api_.power_cap, index_, 0U, &cap)) s["power_limit_w"] = static_cast<double>(cap) / 1e6;
    s["temperature_sensor"] = temperature(kTempEdge) ? "edge" : "junction";
    std::array<char, 64> text{};
    if (ok(api_.compute_partition, index_, text.data(), std::uint32_t{text.size() - 1}))
      s["compute_partition"] = text.data();
    text.fill('\0');
    if (ok(api_.memory_partition, index_, text.data(), std::uint32_t{text.size() - 1}))
      s["memory_partition"] = text.data();
    // Older libraries lack the partition calls; the driver's sysfs files have them.
    for (auto& [key, value] : read_partition_files(device_dir_)) s.emplace(key, value);
    for (auto& [key, value] : read_peak_tops_limiter(device_dir_)) s.emplace(key, value);
    return s;
  }

 private:
  std::optional<double> clock(int type) const {
    alignas(8) std::array<std::byte, kFrequenciesBytes> raw{};
    if (!ok(api_.clock, index_, type, static_cast<void*>(raw.data()))) return std::nullopt;
    return current_clock_mhz(raw, deep_sleep_layout_);
  }
  std::optional<double> temperature(std::uint32_t sensor) const {
    std::int64_t millidegrees = 0;
    if (!ok(api_.temperature, index_, sensor, kTempCurrent, &millidegrees)) return std::nullopt;
    return static_cast<double>(millidegrees) / 1000.0;
  }
  static std::string hex(std::uint32_t value) {
    std::array<char, 16> text{};
    std::snprintf(text.data(), text.size(), "%x", value);
    return text.data();
  }

  void* library_;
  RsmiApi api_;
  std::uint32_t index_;
  std::string device_dir_;
  std::string library_text_;
  bool deep_sleep_layout_;
};

}  // namespace

std::span<const char* const> rocm_smi_library_names() {
  static constexpr const char* kNames[] = {
      "librocm_smi64.so.7", "librocm_smi64.so.6", "librocm_smi64.so.5",
      "librocm_smi64.so.1", "librocm_smi64.so",   "/opt/rocm/lib/librocm_smi64.so",
  };
  return kNames;
}

std::optional<std::uint64_t> bdfid_from_pci_bus_id(std::string_view text) {
  // domain:bus:device.function, all hex.
  const auto colon1 = text.find(':');
  const auto colon2 = text.find(':', colon1 == std::string_view::npos ? 0 : colon1 + 1);
  const auto dot = text.find('.', colon2 == std::string_view::npos ? 0 : colon2 + 1);
  if (colon1 == std::string_view::npos || colon2 == std::string_view::npos ||
      dot == std::string_view::npos)
    return std::nullopt;
  const auto parse = [](std::string_view field, std::uint64_t max) -> std::optional<std::uint64_t> {
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), value, 16);
    if (field.empty() || error != std::errc{} || end != field.data() + field.size() || value > max)
      return std::nullopt;
    return value;
  };
  const auto domain = parse(text.substr(0, colon1), 0xffffffffULL);
  const auto bus = parse(text.substr(colon1 + 1, colon2 - colon1 - 1), 0xff);
  const auto device = parse(text.substr(colon2 + 1, dot - colon2 - 1), 0x1f);
  const auto function = parse(text.substr(dot + 1), 0x7);
  if (!domain || !bus || !device || !function) return std::nullopt;
  return *domain << 32 | *bus << 8 | *device << 3 | *function;
}

bool same_pci_function(std::uint64_t smi_bdfid, std::uint64_t runtime_bdfid) {
  constexpr std::uint64_t kPartitionAndReserved = 0xffff0000ULL;  // bits 31:16
  return (smi_bdfid & ~kPartitionAndReserved) == (runtime_bdfid & ~kPartitionAndReserved);
}

std::string sysfs_device_dir(std::string_view pci_bus_id) {
  const auto bdfid = bdfid_from_pci_bus_id(pci_bus_id);
  if (!bdfid) return {};
  std::array<char, 64> text{};
  std::snprintf(text.data(), text.size(), "/sys/bus/pci/devices/%04x:%02x:%02x.%x",
                static_cast<unsigned>(*bdfid >> 32), static_cast<unsigned>(*bdfid >> 8 & 0xff),
                static_cast<unsigned>(*bdfid >> 3 & 0x1f), static_cast<unsigned>(*bdfid & 0x7));
  return text.data();
}

std::optional<double> current_clock_mhz(std::span<const std::byte> frequencies,
                                        bool deep_sleep_layout_first) {
  if (auto mhz = clock_in_layout(frequencies, deep_sleep_layout_first)) return mhz;
  return clock_in_layout(frequencies, !deep_sleep_layout_first);
}

Params read_partition_files(const std::string& device_dir) {
  Params s;
  if (device_dir.empty()) return s;
  if (auto mode = read_line(device_dir + "/current_compute_partition"); !mode.empty())
    s["compute_partition"] = mode;
  if (auto mode = read_line(device_dir + "/current_memory_partition"); !mode.empty())
    s["memory_partition"] = mode;
  return s;
}

Params read_peak_tops_limiter(const std::string& device_dir) {
  // Documentation/gpu/amdgpu/ptl.rst: ptl_enable reads "enabled"/"disabled", ptl_format
  // the two preferred formats ("I8,F32").
  Params s;
  if (device_dir.empty()) return s;
  if (auto state = read_line(device_dir + "/ptl/ptl_enable"); !state.empty())
    s["peak_tops_limiter"] = state;
  if (auto formats = read_line(device_dir + "/ptl/ptl_format"); !formats.empty())
    s["peak_tops_limiter_formats"] = formats;
  return s;
}

std::unique_ptr<gpu::HardwareMonitor> open_rocm_smi_monitor(const std::string& pci_bus_id,
                                                            std::string& why_not) {
  return open_rocm_smi_monitor(pci_bus_id, rocm_smi_library_names(), why_not);
}

std::unique_ptr<gpu::HardwareMonitor> open_rocm_smi_monitor(const std::string& pci_bus_id,
                                                            std::span<const char* const> libraries,
                                                            std::string& why_not) {
  void* library = nullptr;
  const char* loaded = nullptr;
  for (const char* name : libraries) {
    library = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (library != nullptr) {
      loaded = name;
      break;
    }
  }
  if (library == nullptr) {
    why_not =
        "ROCm SMI not loaded (no librocm_smi64.so found); clocks, power and "
        "temperature are not recorded";
    return nullptr;
  }
  RsmiApi api;
  resolve(library, "rsmi_init", api.init);
  resolve(library, "rsmi_shut_down", api.shut_down);
  resolve(library, "rsmi_status_string", api.status_string);
  resolve(library, "rsmi_version_get", api.version);
  resolve(library, "rsmi_num_monitor_devices", api.num_devices);
  resolve(library, "rsmi_dev_pci_id_get", api.pci_id);
  resolve(library, "rsmi_dev_gpu_clk_freq_get", api.clock);
  resolve(library, "rsmi_dev_power_get", api.power);
  resolve(library, "rsmi_dev_power_ave_get", api.power_average);
  resolve(library, "rsmi_dev_power_cap_get", api.power_cap);
  resolve(library, "rsmi_dev_temp_metric_get", api.temperature);
  resolve(library, "rsmi_dev_compute_partition_get", api.compute_partition);
  resolve(library, "rsmi_dev_memory_partition_get", api.memory_partition);
  resolve(library, "rsmi_dev_metrics_throttle_status_get", api.throttle_status);
  if (api.init == nullptr || api.shut_down == nullptr || api.num_devices == nullptr ||
      api.pci_id == nullptr) {
    why_not = std::string(loaded) +
              " lacks rsmi_init/rsmi_dev_pci_id_get; hardware state "
              "not recorded";
    dlclose(library);
    return nullptr;
  }
  if (const rsmi_status_t r = api.init(0); r != kRsmiSuccess) {
    why_not = "rsmi_init failed: " + status_text(api, r);
    dlclose(library);
    return nullptr;
  }
  const auto fail = [&](std::string reason) {
    why_not = std::move(reason);
    api.shut_down();
    dlclose(library);
    return nullptr;
  };
  const auto wanted = bdfid_from_pci_bus_id(pci_bus_id);
  if (!wanted) return fail("cannot read the PCI bus id '" + pci_bus_id + "' for ROCm SMI");
  std::uint32_t count = 0;
  if (const rsmi_status_t r = api.num_devices(&count); r != kRsmiSuccess)
    return fail("rsmi_num_monitor_devices failed: " + status_text(api, r));
  std::optional<std::uint32_t> index;
  for (std::uint32_t i = 0; i < count && !index; ++i) {
    std::uint64_t bdfid = 0;
    if (api.pci_id(i, &bdfid) == kRsmiSuccess && same_pci_function(bdfid, *wanted)) index = i;
  }
  if (!index) return fail("ROCm SMI has no device at PCI " + pci_bus_id);
  RsmiVersion version{};
  const bool versioned = api.version != nullptr && api.version(&version) == kRsmiSuccess;
  std::string library_text = std::string("ROCm SMI (") + loaded;
  if (versioned)
    library_text += ", " + std::to_string(version.major) + "." + std::to_string(version.minor) +
                    "." + std::to_string(version.patch);
  library_text += ")";
  const bool deep_sleep_layout = versioned && version.major >= kFirstDeepSleepMajor;
  return std::make_unique<RocmSmiMonitor>(library, api, *index, sysfs_device_dir(pci_bus_id),
                                          std::move(library_text), deep_sleep_layout);
}

}  // namespace ridgeline::hip
