#include "backends/cuda/nvml_monitor.hpp"

#include <dlfcn.h>

#include <array>
#include <cstdio>
#include <utility>

namespace ridgeline::cuda {
namespace {

// The few NVML declarations used, from NVML's stable C ABI (nvml.h is not needed to
// build: the types are opaque handles and ints).
using nvmlReturn_t = int;
using nvmlDevice_t = struct nvmlDevice_st*;
constexpr nvmlReturn_t kNvmlSuccess = 0;
constexpr unsigned kClockSm = 1;
constexpr unsigned kClockMem = 2;
constexpr unsigned kTemperatureGpu = 0;

struct NvmlApi {
  nvmlReturn_t (*init)() = nullptr;
  nvmlReturn_t (*shutdown)() = nullptr;
  const char* (*error_string)(nvmlReturn_t) = nullptr;
  nvmlReturn_t (*handle_by_pci)(const char*, nvmlDevice_t*) = nullptr;
  nvmlReturn_t (*clock_info)(nvmlDevice_t, unsigned, unsigned*) = nullptr;
  nvmlReturn_t (*power_usage)(nvmlDevice_t, unsigned*) = nullptr;
  nvmlReturn_t (*power_limit)(nvmlDevice_t, unsigned*) = nullptr;
  nvmlReturn_t (*temperature)(nvmlDevice_t, unsigned, unsigned*) = nullptr;
  nvmlReturn_t (*throttle_reasons)(nvmlDevice_t, unsigned long long*) = nullptr;
  nvmlReturn_t (*ecc_mode)(nvmlDevice_t, int*, int*) = nullptr;
  nvmlReturn_t (*pcie_generation)(nvmlDevice_t, unsigned*) = nullptr;
  nvmlReturn_t (*pcie_width)(nvmlDevice_t, unsigned*) = nullptr;
};

template <class Fn>
void resolve(void* library, const char* symbol, Fn& fn) {
  fn = reinterpret_cast<Fn>(dlsym(library, symbol));
}

class NvmlMonitor final : public gpu::HardwareMonitor {
 public:
  NvmlMonitor(void* library, NvmlApi api, nvmlDevice_t device)
      : library_(library), api_(api), device_(device) {}
  ~NvmlMonitor() override {
    api_.shutdown();
    dlclose(library_);
  }
  NvmlMonitor(const NvmlMonitor&) = delete;
  NvmlMonitor& operator=(const NvmlMonitor&) = delete;

  std::string source() const override { return "nvml"; }

  gpu::HardwareSample sample() const override {
    gpu::HardwareSample s;
    unsigned value = 0;
    if (ok(api_.clock_info, device_, kClockSm, &value)) s.core_clock_mhz = value;
    if (ok(api_.clock_info, device_, kClockMem, &value)) s.memory_clock_mhz = value;
    if (ok(api_.power_usage, device_, &value)) s.power_w = value / 1000.0;
    if (ok(api_.temperature, device_, kTemperatureGpu, &value)) s.temperature_c = value;
    unsigned long long reasons = 0;
    if (ok(api_.throttle_reasons, device_, &reasons))
      s.throttle_reasons = throttle_reason_list(reasons);
    return s;
  }

  Params static_facts() const override {
    Params s;
    int current = 0;
    int pending = 0;
    if (ok(api_.ecc_mode, device_, &current, &pending)) s["ecc"] = current ? "on" : "off";
    unsigned generation = 0;
    unsigned width = 0;
    if (ok(api_.pcie_generation, device_, &generation) && ok(api_.pcie_width, device_, &width))
      s["pcie_link"] = "gen" + std::to_string(generation) + " x" + std::to_string(width);
    unsigned limit = 0;
    if (ok(api_.power_limit, device_, &limit)) s["power_limit_w"] = limit / 1000.0;
    return s;
  }

 private:
  // A function missing from an older NVML, or one the device does not support, leaves
  // its key out of the state rather than failing the benchmark.
  template <class Fn, class... Args>
  static bool ok(Fn fn, Args... args) {
    return fn != nullptr && fn(args...) == kNvmlSuccess;
  }

  void* library_;
  NvmlApi api_;
  nvmlDevice_t device_;
};

}  // namespace

std::vector<std::string> throttle_reason_list(std::uint64_t reasons) {
  // nvmlClocksEventReason* bits, NVML API reference.
  static constexpr std::pair<std::uint64_t, const char*> kNames[] = {
      {0x1, "gpu_idle"},
      {0x2, "applications_clocks_setting"},
      {0x4, "sw_power_cap"},
      {0x8, "hw_slowdown"},
      {0x10, "sync_boost"},
      {0x20, "sw_thermal_slowdown"},
      {0x40, "hw_thermal_slowdown"},
      {0x80, "hw_power_brake_slowdown"},
      {0x100, "display_clock_setting"},
  };
  std::vector<std::string> out;
  for (const auto& [bit, name] : kNames) {
    if ((reasons & bit) == 0) continue;
    out.emplace_back(name);
    reasons &= ~bit;
  }
  if (reasons != 0) {
    std::array<char, 32> text{};
    std::snprintf(text.data(), text.size(), "0x%llx", static_cast<unsigned long long>(reasons));
    out.emplace_back(text.data());
  }
  return out;
}

std::string throttle_reason_names(std::uint64_t reasons) {
  std::string out;
  for (const auto& name : throttle_reason_list(reasons)) out += (out.empty() ? "" : ",") + name;
  return out.empty() ? "none" : out;
}

std::unique_ptr<gpu::HardwareMonitor> open_nvml_monitor(const std::string& pci_bus_id,
                                                        std::string& why_not) {
  void* library = dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* error = dlerror();
    why_not = std::string("NVML not loaded (") + (error ? error : "libnvidia-ml.so.1") +
              "); clocks, power and temperature are not recorded";
    return nullptr;
  }
  NvmlApi api;
  resolve(library, "nvmlInit_v2", api.init);
  resolve(library, "nvmlShutdown", api.shutdown);
  resolve(library, "nvmlErrorString", api.error_string);
  resolve(library, "nvmlDeviceGetHandleByPciBusId_v2", api.handle_by_pci);
  resolve(library, "nvmlDeviceGetClockInfo", api.clock_info);
  resolve(library, "nvmlDeviceGetPowerUsage", api.power_usage);
  resolve(library, "nvmlDeviceGetEnforcedPowerLimit", api.power_limit);
  resolve(library, "nvmlDeviceGetTemperature", api.temperature);
  resolve(library, "nvmlDeviceGetCurrentClocksEventReasons", api.throttle_reasons);
  if (api.throttle_reasons == nullptr)  // the name before NVML 12.2
    resolve(library, "nvmlDeviceGetCurrentClocksThrottleReasons", api.throttle_reasons);
  resolve(library, "nvmlDeviceGetEccMode", api.ecc_mode);
  resolve(library, "nvmlDeviceGetCurrPcieLinkGeneration", api.pcie_generation);
  resolve(library, "nvmlDeviceGetCurrPcieLinkWidth", api.pcie_width);
  if (api.init == nullptr || api.shutdown == nullptr || api.handle_by_pci == nullptr) {
    why_not =
        "NVML lacks nvmlInit_v2/nvmlDeviceGetHandleByPciBusId_v2; hardware state not recorded";
    dlclose(library);
    return nullptr;
  }
  if (const nvmlReturn_t r = api.init(); r != kNvmlSuccess) {
    why_not = std::string("nvmlInit failed: ") +
              (api.error_string ? api.error_string(r) : std::to_string(r).c_str());
    dlclose(library);
    return nullptr;
  }
  nvmlDevice_t device = nullptr;
  if (const nvmlReturn_t r = api.handle_by_pci(pci_bus_id.c_str(), &device); r != kNvmlSuccess) {
    why_not = "NVML has no device at PCI " + pci_bus_id + ": " +
              (api.error_string ? std::string(api.error_string(r)) : std::to_string(r));
    api.shutdown();
    dlclose(library);
    return nullptr;
  }
  return std::make_unique<NvmlMonitor>(library, api, device);
}

}  // namespace ridgeline::cuda
