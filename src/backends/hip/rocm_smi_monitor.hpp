// ROCm SMI, loaded with dlopen at run time like NVML on the CUDA side: no link-time or
// header dependency, so the binary starts on hosts without it and says so. What the
// library does not expose (compute/memory partition on old versions, the Peak TOPS
// Limiter) is read from the amdgpu driver's sysfs files of the same PCI function.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "backends/gpu/hardware_monitor.hpp"

namespace ridgeline::hip {

// The device with this PCI bus id ("00000000:c1:00.0", as gpu_device prints it).
// nullptr with `why_not` set (one line) when ROCm SMI or the device cannot be opened.
std::unique_ptr<gpu::HardwareMonitor> open_rocm_smi_monitor(const std::string& pci_bus_id,
                                                            std::string& why_not);
// The same, trying exactly `libraries` in order (tests pass names that do not exist).
std::unique_ptr<gpu::HardwareMonitor> open_rocm_smi_monitor(const std::string& pci_bus_id,
                                                            std::span<const char* const> libraries,
                                                            std::string& why_not);

// The library names tried: ROCm 6.x (so.7), 5.7 (so.5), Debian's ROCm 5.2 (so.1), the
// development link and /opt/rocm.
std::span<const char* const> rocm_smi_library_names();

// "0000002a:c1:00.0" -> ROCm SMI's BDFID (domain << 32 | bus << 8 | device << 3 |
// function); nullopt when the text is not a PCI bus id.
std::optional<std::uint64_t> bdfid_from_pci_bus_id(std::string_view pci_bus_id);
// The same PCI function; ROCm SMI puts the partition id of a CPX/DPX partition in bits
// 31:28, which the HIP runtime's bus id does not carry.
bool same_pci_function(std::uint64_t smi_bdfid, std::uint64_t runtime_bdfid);
// "00000000:c1:00.0" -> "/sys/bus/pci/devices/0000:c1:00.0" (sysfs uses 4 domain digits).
std::string sysfs_device_dir(std::string_view pci_bus_id);

// The current clock in MHz from an rsmi_frequencies_t, whose layout changed in ROCm 6.0
// (a leading `bool has_deep_sleep`): the layout the library version suggests is tried
// first, the other if the first does not describe a plausible frequency table.
std::optional<double> current_clock_mhz(std::span<const std::byte> frequencies,
                                        bool deep_sleep_layout_first);

// Partition modes and Peak TOPS Limiter state from the amdgpu sysfs files under
// `device_dir`: compute_partition ("SPX", "CPX"), memory_partition ("NPS1"),
// peak_tops_limiter ("enabled"/"disabled") and peak_tops_limiter_formats ("I8,F32").
// A file that is absent leaves its key out.
Params read_partition_files(const std::string& device_dir);
Params read_peak_tops_limiter(const std::string& device_dir);

}  // namespace ridgeline::hip
