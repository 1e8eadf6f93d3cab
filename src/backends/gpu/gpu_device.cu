#include <array>
#include <cstdio>
#include <string>

#include "backends/gpu/gpu_device.hpp"

#if !defined(__HIPCC__)
#include "backends/cuda/nvml_monitor.hpp"
#endif

namespace ridgeline::RL_GPU_NS {
namespace {

// 12040 -> "12.4"
std::string version_text(int version) {
  if (version <= 0) return "unknown";
  return std::to_string(version / 1000) + "." + std::to_string(version % 1000 / 10);
}

std::string uuid_text(const gpuDeviceProp_t& prop) {
  static constexpr int kDashesAfter[] = {4, 6, 8, 10};
  std::string out = "GPU-";
  for (int i = 0; i < 16; ++i) {
    for (int dash : kDashesAfter)
      if (i == dash) out += '-';
    std::array<char, 3> hex{};
    std::snprintf(hex.data(), hex.size(), "%02x",
                  static_cast<unsigned>(static_cast<unsigned char>(prop.uuid.bytes[i])));
    out += hex.data();
  }
  return out;
}

std::string pci_bus_id(const gpuDeviceProp_t& prop) {
  std::array<char, 32> text{};
  std::snprintf(text.data(), text.size(), "%08x:%02x:%02x.0",
                static_cast<unsigned>(prop.pciDomainID), static_cast<unsigned>(prop.pciBusID),
                static_cast<unsigned>(prop.pciDeviceID));
  return text.data();
}

std::string arch_of(const gpuDeviceProp_t& prop) {
#if defined(__HIPCC__)
  return prop.gcnArchName;
#else
  return "sm_" + std::to_string(prop.major) + std::to_string(prop.minor);
#endif
}

int attribute_khz(int ordinal, decltype(gpuDevAttrClockRate) attribute) {
  int khz = 0;
  if (gpuDeviceGetAttribute(&khz, attribute, ordinal) != gpuSuccess) {
    static_cast<void>(gpuGetLastError());  // not reported by this device: leave unknown
    return 0;
  }
  return khz;
}

FoundDevice describe(int ordinal, int driver_version, int runtime_version) {
  gpuDeviceProp_t prop{};
  GPU_CHECK(gpuGetDeviceProperties(&prop, ordinal));
  FoundDevice found;
  DeviceInfo& info = found.info;
  info.id = std::string(RL_GPU_BACKEND_NAME ":") + std::to_string(ordinal);
  info.backend = RL_GPU_BACKEND_NAME;
  info.name = prop.name;
#if defined(__HIPCC__)
  info.vendor = "AMD";
  info.compute_unit_kind = "CU";
#else
  info.vendor = "NVIDIA";
  info.compute_unit_kind = "SM";
#endif
  info.arch = arch_of(prop);
  info.compute_units = prop.multiProcessorCount;
  info.clock_mhz = attribute_khz(ordinal, gpuDevAttrClockRate) / 1000.0;
  info.memory_bytes = prop.totalGlobalMem;
  if (prop.l2CacheSize > 0)
    info.caches.push_back(
        {2, "unified", static_cast<std::uint64_t>(prop.l2CacheSize), prop.multiProcessorCount, 1});
  info.extra["driver_version"] = version_text(driver_version);
  info.extra["runtime_version"] = version_text(runtime_version);
  info.extra["compute_capability"] = std::to_string(prop.major) + "." + std::to_string(prop.minor);
  info.extra["uuid"] = uuid_text(prop);
  info.extra["pci_bus_id"] = pci_bus_id(prop);
  info.extra["memory_bus_width_bits"] = std::to_string(prop.memoryBusWidth);
  if (const int khz = attribute_khz(ordinal, gpuDevAttrMemoryClockRate); khz > 0)
    info.extra["memory_clock_mhz"] = std::to_string(khz / 1000);

  DeviceContext& context = found.context;
  context.ordinal = ordinal;
  context.sms = prop.multiProcessorCount;
  context.l2_bytes = prop.l2CacheSize > 0 ? static_cast<std::uint64_t>(prop.l2CacheSize) : 0;
  context.arch = info.arch;
  context.clock_mhz = info.clock_mhz;
#if !defined(__HIPCC__)
  context.monitor = cuda::open_nvml_monitor(info.extra["pci_bus_id"], context.monitor_note);
#else
  context.monitor_note = "ROCm SMI monitoring is not implemented yet (issue 5)";
#endif
  if (context.monitor)
    info.extra.merge(context.monitor->static_facts());
  else
    info.extra["hardware_state"] = context.monitor_note;
  return found;
}

}  // namespace

DeviceScan scan_devices() {
  DeviceScan scan;
  int count = 0;
  if (const gpuError_t e = gpuGetDeviceCount(&count); e != gpuSuccess) {
    static_cast<void>(gpuGetLastError());
    scan.unavailable_reason =
        std::string(RL_GPU_VENDOR_PREFIX "GetDeviceCount: ") + gpuGetErrorString(e);
    return scan;
  }
  if (count == 0) {
    scan.unavailable_reason = RL_GPU_VENDOR_PREFIX "GetDeviceCount found 0 devices";
    return scan;
  }
  int driver_version = 0;
  int runtime_version = 0;
  static_cast<void>(gpuDriverGetVersion(&driver_version));
  static_cast<void>(gpuRuntimeGetVersion(&runtime_version));
  for (int ordinal = 0; ordinal < count; ++ordinal) {
    try {
      scan.devices.push_back(describe(ordinal, driver_version, runtime_version));
    } catch (const std::exception& e) {
      // A device that cannot even be described is left out; say why if none remain.
      if (scan.unavailable_reason.empty()) scan.unavailable_reason = e.what();
    }
  }
  if (!scan.devices.empty()) scan.unavailable_reason.clear();
  return scan;
}

}  // namespace ridgeline::RL_GPU_NS
