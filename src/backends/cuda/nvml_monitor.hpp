// NVML, loaded with dlopen("libnvidia-ml.so.1") at run time: no link-time dependency,
// so the binary starts on hosts without the driver's management library.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "backends/gpu/hardware_monitor.hpp"

namespace ridgeline::cuda {

// The device with this PCI bus id ("00000000:65:00.0", as the CUDA runtime prints it).
// nullptr with `why_not` set (one line) when NVML or the device cannot be opened.
std::unique_ptr<gpu::HardwareMonitor> open_nvml_monitor(const std::string& pci_bus_id,
                                                        std::string& why_not);

// NVML's clock-event (throttle) reason bits as names: {"sw_power_cap", "hw_slowdown"};
// empty for 0. Unknown bits are kept as hex so nothing is silently dropped.
std::vector<std::string> throttle_reason_list(std::uint64_t reasons);
// The same joined with commas: "sw_power_cap,hw_slowdown"; "none" for 0.
std::string throttle_reason_names(std::uint64_t reasons);

}  // namespace ridgeline::cuda
