// The CPU backend: the host as one device, OpenMP kernels, and the reference every GPU
// result can be compared with.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "backends/backend.hpp"
#include "backends/cpu/cpu_monitor.hpp"

namespace ridgeline::cpu {

class CpuBackend final : public Backend {
 public:
  std::string_view name() const override { return "cpu"; }
  // Exactly one device, "cpu:0": all cores of the host, one OpenMP thread team.
  std::vector<DeviceInfo> devices() override;
  std::string unavailable_reason() const override;
  bool supports(const KernelDecl& kernel, DType t) const override;
  // At least 4x the last-level cache (so the arrays stream from DRAM), a multiple of
  // 2 MiB, and small enough that three arrays take under half of MemAvailable.
  std::uint64_t default_array_bytes(const DeviceInfo& device) const override;
  // About 30 ms of multiply-adds at the device's nominal peak.
  std::uint64_t default_multiply_adds(const DeviceInfo& device, const KernelDecl& kernel,
                                      DType t) const override;
  std::unique_ptr<PreparedCase> prepare(const DeviceInfo& device, const CaseSpec& spec) override;
  std::vector<MachineCodeClaim> machine_code_claims() const override;
  // The OpenMP team size of every kernel (and of devices()' omp_threads) from now on.
  bool set_threads(int threads) override;
  // Core clock, temperature and thermal throttling from procfs and sysfs (cpu_monitor.hpp).
  std::optional<HardwareSample> sample_hardware(const DeviceInfo& device) override;
  std::string hardware_source() const override { return "sysfs"; }

 private:
  CpuMonitor monitor_;
};

// default_array_bytes for given machine facts (0 = unknown), separated for tests.
std::uint64_t array_bytes_for(std::uint64_t last_level_cache_bytes,
                              std::uint64_t available_memory_bytes);

}  // namespace ridgeline::cpu
