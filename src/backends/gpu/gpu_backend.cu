// The GPU backend, one source for CUDA and HIP: devices from the runtime, default
// sizes from the device's L2, free memory and peak table, cases from gpu_cases.hpp.
#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "backends/gpu/device_limits.hpp"
#include "backends/gpu/gpu_backend.hpp"
#include "backends/gpu/gpu_cases.hpp"
#include "backends/gpu/gpu_collective.hpp"
#include "backends/gpu/gpu_device.hpp"
#include "backends/gpu/gpu_sizing.hpp"
#include "backends/gpu/launch_shape.hpp"
#include "backends/gpu/matrix_peak_table.hpp"
#include "kernels/arithmetic.hpp"

namespace ridgeline {
namespace RL_GPU_NS {
namespace {

// A compute call of about 50 ms at the vector peak: long against launch and event
// resolution, short enough for many repetitions.
constexpr double kComputeCallSeconds = 0.050;

// RL_GPU_ARCHITECTURES comes from the build as a bare token list ("sm_80:sm_90a").
#define RL_STRINGIFY_LIST(...) #__VA_ARGS__
#define RL_STRINGIFY(...) RL_STRINGIFY_LIST(__VA_ARGS__)

class GpuBackend final : public Backend {
 public:
  std::string_view name() const override { return RL_GPU_BACKEND_NAME; }

  std::vector<DeviceInfo> devices() override {
    ensure_probed();
    return devices_;
  }

  std::string unavailable_reason() const override {
    ensure_probed();
    return unavailable_;
  }

  std::vector<std::string> notes() override { return gemm_library_notes(); }

  bool supports(const KernelDecl& kernel, DType t) const override {
    if ((kernel.dtypes & kernels::mask_of(t)) == 0) return false;
    // Collectives run between ranks, through NCCL/RCCL (gpu_collective.cu).
    if (kernel.family == Family::collective) return false;
#if defined(__HIPCC__)
    if (std::string_view(kernel.name) == kernels::PeakDot4::decl.name) return false;
    // CDNA2/3 and gfx950 have no packed bf16 FMA: clang emulates __hfma2 on bf16 with two
    // fp32 FMAs and software rounding (26 instructions per step, branches included), so
    // such a kernel would time the emulation. AMD's bf16 rate is the MFMA one (mma).
    if ((std::string_view(kernel.name) == kernels::PeakFma::decl.name ||
         kernel.family == Family::intensity) &&
        t == DType::bf16)
      return false;
    // wgmma is NVIDIA's; hipBLASLt is not in Debian's ROCm 5.2, so no vendor GEMM yet.
    if (std::string_view(kernel.name) == kernels::MatrixWgmma::decl.name) return false;
    if (kernel.family == Family::gemm) return false;
#endif
    return true;
  }

  bool supports_on(const DeviceInfo& device, const KernelDecl& kernel, DType t) const override {
    if (!supports(kernel, t)) return false;
    if (kernel.family == Family::matrix) {
      if (std::string_view(kernel.name) == kernels::MatrixMma::decl.name)
        return mma_available(context_of(device), t);
      return gpu::matrix_kernel_available(device.arch, kernel.name, t);
    }
    if (kernel.family == Family::gemm) return gemm_available(context_of(device), t);
    return true;
  }

  std::uint64_t default_array_bytes(const DeviceInfo& device) const override {
    const DeviceContext& context = context_of(device);
    std::uint64_t free_bytes = 0;
    std::uint64_t total_bytes = 0;
    use_device(context.ordinal);
    GPU_CHECK(gpuMemGetInfo(&free_bytes, &total_bytes));
    const auto bus = gpu::memory_bus_limit(context.arch, context.memory_bus_width_bits,
                                           context.memory_clock_mhz);
    return gpu::array_bytes_for(context.cache_bytes(), free_bytes, bus ? bus->bytes_per_second : 0);
  }

  std::uint64_t default_multiply_adds(const DeviceInfo& device, const KernelDecl& kernel,
                                      DType t) const override {
    const DeviceContext& context = context_of(device);
    if (kernel.family == Family::matrix)
      return gpu::matrix_fmas_for(context.arch, t, context.sms, context.clock_mhz,
                                  kComputeCallSeconds);
    return gpu::compute_fmas_for(context.arch, t, context.sms, context.clock_mhz,
                                 kComputeCallSeconds);
  }

  // The stream kernels' launch shapes (launch_shape.hpp); the working-set kernels keep
  // their one shape.
  std::vector<Params> launch_option_sweep(const KernelDecl& kernel, DType t) const override {
    if (kernel.family != Family::memory || kernel.working_set_sweep) return {};
    return gpu::launch_shape_sweep(size_of(t));
  }

  std::unique_ptr<PreparedCase> prepare(const DeviceInfo& device, const CaseSpec& spec) override {
    if (spec.kernel == nullptr) throw std::invalid_argument("case without a kernel");
    if (!supports(*spec.kernel, spec.dtype))
      throw SkipCase(std::string(spec.kernel->name) + " is not defined for " +
                     std::string(to_string(spec.dtype)) + " on " RL_GPU_BACKEND_NAME);
    const DeviceContext& context = context_of(device);
    switch (spec.kernel->family) {
      case Family::memory:
        if (spec.kernel->working_set_sweep) return make_working_set_case(context, spec);
        return make_stream_case(context, spec);
      case Family::latency:
        return make_working_set_case(context, spec);
      case Family::transfer:
        return make_transfer_case(context, spec);
      case Family::compute:
        return make_peak_case(context, spec);
      case Family::intensity:
        if (spec.dtype == DType::fp16 || spec.dtype == DType::bf16)
          return make_intensity_half_case(context, spec);
        return make_intensity_case(context, spec);
      case Family::matrix:
#if !defined(__HIPCC__)
        if (std::string_view(spec.kernel->name) == kernels::MatrixWgmma::decl.name)
          return make_wgmma_case(context, spec);
#endif
        return make_mma_case(context, spec);
      case Family::gemm:
        return make_gemm_case(context, spec);
      case Family::collective:
        break;  // refused by supports(): collectives run through fleet/collective_backend
    }
    throw std::invalid_argument("unknown kernel family");
  }

  std::optional<HardwareSample> sample_hardware(const DeviceInfo& device) override {
    const DeviceContext& context = context_of(device);
    if (!context.monitor) return std::nullopt;
    return context.monitor->sample();
  }

  std::string hardware_source() const override {
#if defined(__HIPCC__)
    return "rocm_smi";
#else
    return "nvml";
#endif
  }

  std::unique_ptr<CollectiveTransport> open_collective_transport(const DeviceInfo& device, int rank,
                                                                 int size, const ShareBytes& share,
                                                                 std::string& why_not) override {
    return make_collective_transport(context_of(device), rank, size, share, why_not);
  }

  std::vector<MachineCodeClaim> machine_code_claims() const override {
    std::vector<MachineCodeClaim> claims = peak_claims();
    for (auto& more : {mma_claims(), stream_claims(), working_set_claims()})
      claims.insert(claims.end(), more.begin(), more.end());
#if !defined(__HIPCC__)
    const auto wgmma = wgmma_claims();
    claims.insert(claims.end(), wgmma.begin(), wgmma.end());
#endif
    return claims;
  }

 private:
  // The runtime is asked once, on first use: constructing the backend (as --version
  // does) must not initialise a GPU context.
  void ensure_probed() const {
    std::lock_guard lock(mutex_);
    if (probed_) return;
    probed_ = true;
    DeviceScan scan = scan_devices();
    unavailable_ = std::move(scan.unavailable_reason);
    for (auto& found : scan.devices) {
      devices_.push_back(found.info);
      context_storage_.push_back(std::move(found.context));
      contexts_.emplace(found.info.id, &context_storage_.back());
    }
  }

  const DeviceContext& context_of(const DeviceInfo& device) const {
    ensure_probed();
    const auto it = contexts_.find(device.id);
    if (it == contexts_.end())
      throw std::invalid_argument("not a device of the " RL_GPU_BACKEND_NAME " backend: " +
                                  device.id);
    return *it->second;
  }

  mutable std::mutex mutex_;
  mutable bool probed_ = false;
  mutable std::vector<DeviceInfo> devices_;
  // Stable addresses: prepared cases keep a reference to their device's context. A deque
  // plus raw pointers, not a map of smart pointers: clang 15 (Debian's hipcc) crashes
  // instantiating std::pair<const std::string, std::unique_ptr<T>> in C++20 HIP mode.
  mutable std::deque<DeviceContext> context_storage_;
  mutable std::map<std::string, const DeviceContext*> contexts_;
  mutable std::string unavailable_;
};

}  // namespace

std::vector<std::string> compiled_architectures() {
  std::vector<std::string> out;
  std::string list = RL_STRINGIFY(RL_GPU_ARCHITECTURES);
  for (std::size_t at = 0; at <= list.size();) {
    const std::size_t colon = std::min(list.find(':', at), list.size());
    if (colon > at) out.push_back(list.substr(at, colon - at));
    at = colon + 1;
  }
  return out;
}

}  // namespace RL_GPU_NS

#if defined(__HIPCC__)
std::unique_ptr<Backend> make_hip_backend() { return std::make_unique<hip::GpuBackend>(); }
#else
std::unique_ptr<Backend> make_cuda_backend() { return std::make_unique<cuda::GpuBackend>(); }
#endif

}  // namespace ridgeline
