#include "backends/cpu/cpu_backend.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "backends/cpu/cpu_cases.hpp"
#include "backends/cpu/cpu_topology.hpp"
#include "core/dtype.hpp"

namespace ridgeline::cpu {
namespace {

constexpr std::uint64_t kMiB = std::uint64_t{1} << 20;
constexpr std::uint64_t kArrayGranule = 2 * kMiB;             // one huge page
constexpr std::uint64_t kFallbackLastLevelCache = 64 * kMiB;  // when sysfs says nothing
constexpr double kComputeCallSeconds = 0.030;

}  // namespace

std::uint64_t array_bytes_for(std::uint64_t last_level_cache_bytes,
                              std::uint64_t available_memory_bytes) {
  const std::uint64_t llc =
      last_level_cache_bytes != 0 ? last_level_cache_bytes : kFallbackLastLevelCache;
  std::uint64_t bytes = (4 * llc + kArrayGranule - 1) / kArrayGranule * kArrayGranule;
  if (available_memory_bytes != 0) {
    // Three arrays (triad, add) strictly below half of what is available.
    const std::uint64_t cap = (available_memory_bytes / 2 - 1) / 3 / kArrayGranule * kArrayGranule;
    bytes = std::min(bytes, std::max(cap, kArrayGranule));
  }
  return bytes;
}

std::vector<DeviceInfo> CpuBackend::devices() { return {describe_host()}; }

bool CpuBackend::supports(const KernelDecl& kernel, DType t) const {
  // The host kernels exist for fp64, fp32 and int32 only; the packed 16-bit and int8
  // peaks in the catalogue are GPU kernels.
  const bool host_dtype = t == DType::fp64 || t == DType::fp32 || t == DType::int32;
  return host_dtype && (kernel.dtypes & kernels::mask_of(t)) != 0;
}

std::uint64_t CpuBackend::default_array_bytes(const DeviceInfo& device) const {
  return array_bytes_for(device.last_level_cache_bytes(), available_memory_bytes());
}

std::uint64_t CpuBackend::default_compute_elements(const DeviceInfo& device, DType t) const {
  // cores x clock x lanes x 2 FMA ports: the nominal multiply-add rate. Unknown facts
  // fall back to modest values; a call then just runs shorter or longer.
  const double cores = std::max(device.compute_units, 1);
  const double hz = (device.clock_mhz > 0 ? device.clock_mhz : 2000.0) * 1e6;
  const int simd_bits = device.simd_bits > 0 ? device.simd_bits : 128;
  const double lanes = std::max<double>(1, simd_bits / 8.0 / static_cast<double>(size_of(t)));
  // Two FMA ports for floats; integer multiply-add is a vector multiply (one port, two
  // micro-ops on x86) plus an add, measured at about a quarter of the float rate.
  const double ops_per_lane_cycle = is_integer(t) ? 0.5 : 2.0;
  const double fmas_per_second = cores * hz * lanes * ops_per_lane_cycle;
  return static_cast<std::uint64_t>(fmas_per_second * kComputeCallSeconds);
}

std::unique_ptr<PreparedCase> CpuBackend::prepare(const DeviceInfo& device, const CaseSpec& spec) {
  if (device.backend != "cpu") throw std::invalid_argument("not a CPU device: " + device.id);
  if (spec.kernel == nullptr) throw std::invalid_argument("case without a kernel");
  if (!spec.options.empty())
    throw std::invalid_argument("the CPU backend takes no launch options (got '" +
                                spec.options.begin()->first + "')");
  if (!supports(*spec.kernel, spec.dtype))
    throw SkipCase(std::string(spec.kernel->name) + " is not defined for " +
                   std::string(to_string(spec.dtype)));
  switch (spec.kernel->family) {
    case Family::memory:
      return make_stream_case(spec);
    case Family::compute:
      return make_peak_case(spec);
    case Family::intensity:
      return make_intensity_case(spec);
  }
  throw std::invalid_argument("unknown kernel family");
}

}  // namespace ridgeline::cpu
