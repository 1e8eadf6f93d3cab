#include "backends/cpu/cpu_backend.hpp"

#include <omp.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "backends/cpu/cpu_cases.hpp"
#include "backends/cpu/cpu_clocked_case.hpp"
#include "backends/cpu/cpu_parallel.hpp"
#include "backends/cpu/cpu_topology.hpp"
#include "core/dtype.hpp"
#include "core/units.hpp"

namespace ridgeline::cpu {
namespace {

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
    // The largest case's arrays strictly below half of what is available.
    const auto arrays = static_cast<std::uint64_t>(max_arrays_per_case());
    const std::uint64_t cap =
        (available_memory_bytes / 2 - 1) / arrays / kArrayGranule * kArrayGranule;
    bytes = std::min(bytes, std::max(cap, kArrayGranule));
  }
  return bytes;
}

std::vector<DeviceInfo> CpuBackend::devices() {
  // A RIDGELINE_CPU_SIMD this build or CPU cannot honour is the user's mistake: no device
  // then, and `run --device cpu` says why (exit 2), rather than a silent other choice.
  if (!simd_choice().variant && std::getenv("RIDGELINE_CPU_SIMD") != nullptr) return {};
  return {describe_host()};
}

std::string CpuBackend::unavailable_reason() const { return simd_choice().why_none; }

bool CpuBackend::set_threads(int threads) {
  if (threads < 1) throw std::invalid_argument("the CPU backend needs at least one thread");
  omp_set_num_threads(threads);
  return true;
}

bool CpuBackend::supports(const KernelDecl& kernel, DType t) const {
  // The host kernels exist for fp64, fp32 and int32 only; the packed 16-bit and int8
  // peaks, the matrix-unit kernels and the host <-> device copies in the catalogue are
  // GPU kernels. Collectives run between ranks, through a transport
  // (fleet/collective_backend.hpp).
  if (kernel.family == Family::matrix || kernel.family == Family::gemm ||
      kernel.family == Family::transfer || kernel.family == Family::collective)
    return false;
  // Compute-bound kernels need a SIMD variant this CPU runs (cpu_simd_variant.hpp).
  if ((kernel.family == Family::compute || kernel.family == Family::intensity) &&
      simd_choice().variant == nullptr)
    return false;
  const bool host_dtype = t == DType::fp64 || t == DType::fp32 || t == DType::int32;
  return host_dtype && (kernel.dtypes & kernels::mask_of(t)) != 0;
}

std::uint64_t CpuBackend::default_array_bytes(const DeviceInfo& device) const {
  return array_bytes_for(device.last_level_cache_bytes(), available_memory_bytes());
}

std::uint64_t CpuBackend::default_multiply_adds(const DeviceInfo&, const KernelDecl&,
                                                DType t) const {
  // Sized from a short timed probe of the kernel itself rather than from nominal peak:
  // the rate of an instrumented (sanitizer) or throttled build can be 100x lower, and a
  // call should still last about kComputeCallSeconds.
  constexpr std::uint64_t kProbeFmas = std::uint64_t{1} << 24;
  const KernelDecl& peak = *find_kernel("peak_fma");
  CaseSpec probe_spec;
  probe_spec.kernel = &peak;
  probe_spec.dtype = t;
  probe_spec.multiply_adds = kProbeFmas;
  auto probe = make_peak_case(probe_spec);
  probe->run(1);  // first touch of the thread team
  const double seconds = probe->run(1);
  const double fmas_per_second = static_cast<double>(probe->work_count()) / std::max(seconds, 1e-9);
  return std::max<std::uint64_t>(kProbeFmas,
                                 static_cast<std::uint64_t>(fmas_per_second * kComputeCallSeconds));
}

std::vector<MachineCodeClaim> CpuBackend::machine_code_claims() const {
#if defined(__x86_64__)
  return peak_claims();
#else
  return {};  // the audit reads x86-64 only
#endif
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
      if (spec.kernel->working_set_sweep) return make_cache_read_case(spec, device.clock_mhz);
      return make_stream_case(spec);
    case Family::latency:
      return make_chase_case(spec, device.clock_mhz);
    case Family::compute:
      return with_measured_clock(make_peak_case(spec), *simd_choice().variant, spec.dtype,
                                 worker_threads(), device.compute_units);
    case Family::intensity:
      return with_measured_clock(make_intensity_case(spec), *simd_choice().variant, spec.dtype,
                                 worker_threads(), device.compute_units);
    case Family::matrix:
    case Family::gemm:
    case Family::collective:
    case Family::transfer:
      break;  // refused by supports() above
  }
  throw std::invalid_argument("unknown kernel family");
}

std::optional<HardwareSample> CpuBackend::sample_hardware(const DeviceInfo& device) {
  static_cast<void>(device);
  return monitor_.sample();
}

}  // namespace ridgeline::cpu
