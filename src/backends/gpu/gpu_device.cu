#include <array>
#include <cctype>
#include <cstdio>
#include <string>

#include "backends/gpu/gpu_device.hpp"

#if defined(__HIPCC__)
#include <unistd.h>

#include "backends/gpu/amd_infinity_cache.hpp"
#include "backends/hip/rocm_smi_monitor.hpp"
#else
#include "backends/cuda/nvml_monitor.hpp"
#endif

namespace ridgeline::RL_GPU_NS {
namespace {

// 12040 -> "12.4"
std::string version_text(int version) {
  if (version <= 0) return "unknown";
  return std::to_string(version / 1000) + "." + std::to_string(version % 1000 / 10);
}

std::string uuid_text(const char (&bytes)[16]) {
  static constexpr int kDashesAfter[] = {4, 6, 8, 10};
  std::string out = "GPU-";
  for (int i = 0; i < 16; ++i) {
    for (int dash : kDashesAfter)
      if (i == dash) out += '-';
    std::array<char, 3> hex{};
    std::snprintf(hex.data(), hex.size(), "%02x",
                  static_cast<unsigned>(static_cast<unsigned char>(bytes[i])));
    out += hex.data();
  }
  return out;
}

#if defined(__HIPCC__)
// ROCm's UUID is the unique id as 16 ASCII hex digits ("GPU-" + them is what rocminfo
// prints); hipDeviceProp_t has no uuid before ROCm 6, so it is asked for separately.
std::string uuid_of(int ordinal) {
  hipUUID uuid{};
  if (hipDeviceGetUuid(&uuid, ordinal) != hipSuccess) {
    static_cast<void>(gpuGetLastError());
    return "unknown";
  }
  std::string ascii;
  for (char c : uuid.bytes)
    if (std::isxdigit(static_cast<unsigned char>(c))) ascii += c;
  return ascii.size() == 16 ? "GPU-" + ascii : uuid_text(uuid.bytes);
}
#else
std::string uuid_of(const gpuDeviceProp_t& prop) { return uuid_text(prop.uuid.bytes); }
#endif

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
#if defined(__HIPCC__)
  info.extra["uuid"] = uuid_of(ordinal);
#else
  info.extra["uuid"] = uuid_of(prop);
#endif
  const std::string bus_id = pci_bus_id(prop);
  info.extra["pci_bus_id"] = bus_id;
  info.extra["memory_bus_width_bits"] = prop.memoryBusWidth;

  DeviceContext& context = found.context;
  context.ordinal = ordinal;
  context.sms = prop.multiProcessorCount;
  context.l2_bytes = prop.l2CacheSize > 0 ? static_cast<std::uint64_t>(prop.l2CacheSize) : 0;
  context.arch = info.arch;
  context.clock_mhz = info.clock_mhz;
  context.memory_bus_width_bits = prop.memoryBusWidth;
  if (const int khz = attribute_khz(ordinal, gpuDevAttrMemoryClockRate); khz > 0) {
    context.memory_clock_mhz = khz / 1000.0;
    info.extra["memory_clock_mhz"] = context.memory_clock_mhz;
  }
#if defined(__HIPCC__)
  // CDNA runs 64-wide wavefronts; the runtime says which this device uses.
  info.extra["wavefront_size"] = prop.warpSize;
  // The runtime reports L2 but not the Infinity Cache (MALL) behind it: from the
  // per-architecture table, so default arrays stream from HBM (4 x (L2 + MALL)).
  if (const auto mall = gpu::infinity_cache_bytes(info.arch)) {
    context.infinity_cache_bytes = *mall;
    info.extra["infinity_cache_bytes"] = *mall;
    if (*mall > 0) info.caches.push_back({3, "unified", *mall, info.compute_units, 1});
  } else {
    info.extra["infinity_cache_bytes"] = "unknown (architecture not in the table)";
  }
  context.monitor = hip::open_rocm_smi_monitor(bus_id, context.monitor_note);
#else
  context.monitor = cuda::open_nvml_monitor(bus_id, context.monitor_note);
#endif
  if (context.monitor)
    for (auto& [key, value] : context.monitor->static_facts()) info.extra.emplace(key, value);
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
        std::string(RL_GPU_BACKEND_NAME "GetDeviceCount: ") + gpuGetErrorString(e);
#if defined(__HIPCC__)
    // ROCm's error string is only the enum's name; say what is missing.
    if (access("/dev/kfd", F_OK) != 0)
      scan.unavailable_reason += " (no /dev/kfd: no AMD GPU, or the amdgpu driver is not loaded)";
    else if (access("/dev/kfd", R_OK | W_OK) != 0)
      scan.unavailable_reason += " (/dev/kfd is not accessible: join the render and video groups)";
#endif
    return scan;
  }
  if (count == 0) {
    scan.unavailable_reason = RL_GPU_BACKEND_NAME "GetDeviceCount found 0 devices";
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
