// The arithmetic-intensity sweep on the GPU: x[i] = IntensityFma::apply(x[i], k) in
// place, k = fmas_num multiply-adds on every fmas_den-th element (fmas_den a power of
// two, so selecting elements is a mask, not a 64-bit division). k is a run-time
// argument of one kernel, so the whole sweep is one binary and one code path (no
// per-point template instances whose code generation differs from point to point).
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "backends/gpu/gpu_cases.hpp"
#include "backends/gpu/gpu_check.cuh"
#include "backends/gpu/gpu_vector.cuh"
#include "backends/gpu/launch_shape.hpp"
#include "backends/gpu/peak_table.hpp"
#include "kernels/arithmetic.hpp"
#include "kernels/stream.hpp"

namespace ridgeline::RL_GPU_NS {
namespace {
namespace k = kernels;
using gpu::kMaxThreadsPerBlock;

// init_a repeats every 7 elements, so the model of the whole array is 7 chains.
constexpr std::uint64_t kPeriod = 7;

// Each thread holds U vectors of N elements: U x N independent chains advance together
// through the k steps, enough to cover FMA latency when k is large, while the loads of
// all U vectors are in flight together when k is small.
template <class T, int N, int U>
__global__ void __launch_bounds__(kMaxThreadsPerBlock, 1)
    intensity_kernel(T* x, std::uint64_t n, int fmas, std::uint64_t stride) {
  using V = Vec<T, N>;
  V* const xv = reinterpret_cast<V*>(x);
  const std::uint64_t vectors = n / N;
  const GridStride g = grid_stride();
  std::uint64_t i = g.first;
  for (; i + (U - 1) * g.stride < vectors; i += U * g.stride) {
    V v[U];
#pragma unroll
    for (int u = 0; u < U; ++u) v[u] = xv[i + u * g.stride];
    if (stride == 1) {
#pragma unroll 4
      for (int f = 0; f < fmas; ++f) {
#pragma unroll
        for (int u = 0; u < U; ++u) {
#pragma unroll
          for (int e = 0; e < N; ++e) v[u].v[e] = k::IntensityFma::step(v[u].v[e]);
        }
      }
    } else {
      // Below one multiply-add per element: only every stride-th element is advanced.
#pragma unroll
      for (int u = 0; u < U; ++u) {
#pragma unroll
        for (int e = 0; e < N; ++e)
          if ((((i + u * g.stride) * N + e) & (stride - 1)) == 0)
            v[u].v[e] = k::IntensityFma::apply(v[u].v[e], fmas);
      }
    }
#pragma unroll
    for (int u = 0; u < U; ++u) xv[i + u * g.stride] = v[u];
  }
  for (std::uint64_t j = i; j < vectors; j += g.stride)
    for (int e = 0; e < N; ++e)
      if (((j * N + e) & (stride - 1)) == 0)
        x[j * N + e] = k::IntensityFma::apply(x[j * N + e], fmas);
  for (std::uint64_t at = vectors * N + g.first; at < n; at += g.stride)
    if ((at & (stride - 1)) == 0) x[at] = k::IntensityFma::apply(x[at], fmas);
}

template <class T>
using IntensityKernel = void (*)(T*, std::uint64_t, int, std::uint64_t);

template <class T, int N>
IntensityKernel<T> select_unroll(int unroll) {
  switch (unroll) {
    case 1:
      return intensity_kernel<T, N, 1>;
    case 2:
      return intensity_kernel<T, N, 2>;
    default:
      return intensity_kernel<T, N, 4>;
  }
}

template <class T>
IntensityKernel<T> select_kernel(const gpu::LaunchShape& shape) {
  const int n = shape.elements_per_access(sizeof(T));
  if constexpr (sizeof(T) == 4)
    if (n == 4) return select_unroll<T, 4>(shape.unroll);
  if (n >= 2) return select_unroll<T, 2>(shape.unroll);
  return select_unroll<T, 1>(shape.unroll);
}

template <class T>
__global__ void fill_init_a(T* x, std::uint64_t n) {
  const GridStride g = grid_stride();
  for (std::uint64_t i = g.first; i < n; i += g.stride) x[i] = k::init_a<T>(i);
}

template <class T>
class IntensityCase final : public GpuCase {
 public:
  IntensityCase(const DeviceContext& device, std::uint64_t n, IntensityParams p,
                gpu::LaunchShape shape)
      : GpuCase(device, /*flush_l2=*/true),
        n_(n),
        params_(p),
        shape_(shape),
        peak_per_mhz_(gpu::peak_gflops(
            device.arch, std::is_same_v<T, float> ? DType::fp32 : DType::fp64, device.sms, 1.0)) {
    if (p.fmas_num < 0 || p.fmas_den < 1 || (p.fmas_den & (p.fmas_den - 1)) != 0)
      throw std::invalid_argument(
          "intensity on a GPU needs fmas_num >= 0 and fmas_den a power of two");
    use_device(device.ordinal);
    x_ = DeviceBuffer<T>(n);
    kernel_ = select_kernel<T>(shape_);
    int blocks_per_sm = shape_.blocks_per_sm;
    if (blocks_per_sm == 0)
      GPU_CHECK(gpuOccupancyMaxActiveBlocksPerMultiprocessor(
          &blocks_per_sm, reinterpret_cast<const void*>(kernel_), shape_.threads_per_block, 0));
    resolved_blocks_per_sm_ = std::max(blocks_per_sm, 1);
    blocks_ = static_cast<unsigned>(resolved_blocks_per_sm_ * device.sms);
    fill_init_a<<<static_cast<unsigned>(device.sms * 8), 256, 0, stream()>>>(x_.data(), n_);
    GPU_CHECK_LAUNCH("fill_init_a launch");
    GPU_CHECK(gpuStreamSynchronize(stream()));
  }

  std::uint64_t work_count() const override { return n_; }
  std::uint64_t footprint_bytes() const override { return n_ * sizeof(T); }
  // The vector peak of the dtype: the roof a sweep point sits under.
  std::optional<double> peak_per_mhz() const override { return peak_per_mhz_; }
  void plant_wrong_value() override { flip_device_byte(x_.data()); }

 protected:
  void launch(gpuStream_t stream) override {
    kernel_<<<blocks_, static_cast<unsigned>(shape_.threads_per_block), 0, stream>>>(
        x_.data(), n_, params_.fmas_num, static_cast<std::uint64_t>(params_.fmas_den));
  }

  // After c calls the selected elements (every fmas_den-th) hold init_a advanced
  // c x fmas_num steps, the others still hold init_a: a pattern that repeats every
  // 7 x fmas_den elements (init_a's period times the selection's).
  Verification check() override {
    const auto stride = static_cast<std::uint64_t>(params_.fmas_den);
    T advanced[kPeriod];
    for (std::uint64_t r = 0; r < kPeriod; ++r) advanced[r] = k::init_a<T>(r);
    const std::uint64_t steps = calls_done() * static_cast<std::uint64_t>(params_.fmas_num);
    for (std::uint64_t s = 0; s < steps; ++s)
      for (auto& value : advanced) value = k::IntensityFma::step(value);
    std::vector<T> table(kPeriod * stride);
    for (std::uint64_t i = 0; i < table.size(); ++i)
      table[i] = i % stride == 0 ? advanced[i % kPeriod] : k::init_a<T>(i);
    return compare_periodic_on_device(x_.data(), n_, table, device().sms, stream()).result();
  }

  Params describe() const override {
    Params config = gpu::to_options(shape_);
    config[gpu::kBlocksPerSmOption] = resolved_blocks_per_sm_;
    config["grid_blocks"] = blocks_;
    config["verification"] = "every element compared on the device";
    return config;
  }

 private:
  std::uint64_t n_;
  IntensityParams params_;
  gpu::LaunchShape shape_;
  std::optional<double> peak_per_mhz_;
  int resolved_blocks_per_sm_ = 0;
  unsigned blocks_ = 0;
  IntensityKernel<T> kernel_ = nullptr;
  DeviceBuffer<T> x_;
};

}  // namespace

std::unique_ptr<PreparedCase> make_intensity_case(const DeviceContext& device,
                                                  const CaseSpec& spec) {
  if (spec.dtype == DType::fp32)
    return std::make_unique<IntensityCase<float>>(device, spec.array_elements, spec.intensity,
                                                  gpu::parse_launch_shape(spec.options, 4));
  if (spec.dtype == DType::fp64)
    return std::make_unique<IntensityCase<double>>(device, spec.array_elements, spec.intensity,
                                                   gpu::parse_launch_shape(spec.options, 8));
  throw SkipCase("intensity is not defined for " + std::string(to_string(spec.dtype)));
}

}  // namespace ridgeline::RL_GPU_NS
