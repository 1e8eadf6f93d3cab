// The intensity sweep's fp16 and bf16 points on the GPU: packed two-lane multiply-adds
// (HFMA2) on pairs of elements, in place, walking (kernels/arithmetic.hpp CountingWalk)
// rather than contracting, so every step of every call shows in the result. A step is two
// multiply-adds per element; below one step per element, one pair in every fmas_den
// pairs walks (both its lanes), which is the same multiply-adds per element.
#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "backends/gpu/gpu_cases.hpp"
#include "backends/gpu/gpu_check.cuh"
#include "backends/gpu/gpu_half.cuh"
#include "backends/gpu/gpu_vector.cuh"
#include "backends/gpu/peak_table.hpp"
#include "kernels/arithmetic.hpp"
#include "kernels/stream.hpp"

namespace ridgeline::RL_GPU_NS {
namespace {
namespace k = kernels;
using Walk = k::CountingWalk;

constexpr int kThreads = 256;
constexpr int kPairsPerVector = 4;  // 16-byte accesses
constexpr int kUnroll = 4;

template <class P>
__device__ P pair_of(float value) {
#if defined(__HIPCC__)
  return __float2half2_rn(value);
#else
  if constexpr (std::is_same_v<P, bf162_t>)
    return __float2bfloat162_rn(value);
  else
    return __float2half2_rn(value);
#endif
}

template <class P>
__device__ P walk(P x, int steps, P offset, P half_offset) {
  const P multiplier = pair_of<P>(Walk::kMultiplier);
  const P inverse = pair_of<P>(1.0f / Walk::kMultiplier);
  // No unroll pragma: the walk is inlined into the unrolled vector loop, where clang
  // cannot unroll it further and says so as an error.
  for (int s = 0; s < steps; ++s) x = __hfma2(__hfma2(x, multiplier, offset), inverse, half_offset);
  return x;
}

// `steps` walk steps on every pair p with p % pair_stride == 0, direction `down`.
template <class P>
__global__ void __launch_bounds__(kThreads)
    intensity_half_kernel(P* x, std::uint64_t pairs, int steps, std::uint64_t pair_stride,
                          bool down) {
  using V = Vec<P, kPairsPerVector>;
  V* const xv = reinterpret_cast<V*>(x);
  const P offset = pair_of<P>(down ? -1.0f : 1.0f);
  const P half_offset = pair_of<P>(down ? -0.5f : 0.5f);
  const std::uint64_t vectors = pairs / kPairsPerVector;
  const GridStride g = grid_stride();
  std::uint64_t i = g.first;
  for (; i + (kUnroll - 1) * g.stride < vectors; i += kUnroll * g.stride) {
    V v[kUnroll];
#pragma unroll
    for (int u = 0; u < kUnroll; ++u) v[u] = xv[i + u * g.stride];
#pragma unroll
    for (int u = 0; u < kUnroll; ++u)
#pragma unroll
      for (int e = 0; e < kPairsPerVector; ++e)
        if ((((i + u * g.stride) * kPairsPerVector + e) & (pair_stride - 1)) == 0)
          v[u].v[e] = walk(v[u].v[e], steps, offset, half_offset);
#pragma unroll
    for (int u = 0; u < kUnroll; ++u) xv[i + u * g.stride] = v[u];
  }
  // Whole vectors left over (fewer than kUnroll per thread), then the pairs beyond them.
  for (std::uint64_t j = i; j < vectors; j += g.stride)
    for (int e = 0; e < kPairsPerVector; ++e) {
      const std::uint64_t p = j * kPairsPerVector + e;
      if ((p & (pair_stride - 1)) == 0) x[p] = walk(x[p], steps, offset, half_offset);
    }
  for (std::uint64_t p = vectors * kPairsPerVector + g.first; p < pairs; p += g.stride)
    if ((p & (pair_stride - 1)) == 0) x[p] = walk(x[p], steps, offset, half_offset);
}

template <class P>
__global__ void fill_init_a_pairs(P* x, std::uint64_t pairs) {
  const GridStride g = grid_stride();
  for (std::uint64_t p = g.first; p < pairs; p += g.stride) {
#if defined(__HIPCC__)
    x[p] = __floats2half2_rn(k::init_a<float>(2 * p), k::init_a<float>(2 * p + 1));
#else
    if constexpr (std::is_same_v<P, bf162_t>)
      x[p] = __floats2bfloat162_rn(k::init_a<float>(2 * p), k::init_a<float>(2 * p + 1));
    else
      x[p] = __floats2half2_rn(k::init_a<float>(2 * p), k::init_a<float>(2 * p + 1));
#endif
  }
}

// The bits of `value` (an integer the format holds exactly) in the 16-bit format.
template <class P>
std::uint16_t bits_of(float value) {
  std::uint16_t out = 0;
#if defined(__HIPCC__)
  const __half h = __float2half(value);
#else
  const auto h = [&] {
    if constexpr (std::is_same_v<P, bf162_t>)
      return __float2bfloat16(value);
    else
      return __float2half(value);
  }();
#endif
  static_assert(sizeof(h) == sizeof(out));
  std::memcpy(&out, &h, sizeof(out));
  return out;
}

template <class P>
class IntensityHalfCase final : public GpuCase {
 public:
  IntensityHalfCase(const DeviceContext& device, std::uint64_t n, IntensityParams p, DType t)
      : GpuCase(device, /*flush_l2=*/true),
        pairs_(n / 2),
        params_(p),
        peak_per_mhz_(gpu::peak_gflops(device.arch, t, device.sms, 1.0)) {
    const int granule = k::intensity_fma_granule(t);
    if (p.fmas_num < granule || p.fmas_num % granule != 0 || p.fmas_den < 1 ||
        (p.fmas_den & (p.fmas_den - 1)) != 0)
      throw std::invalid_argument("16-bit intensity needs fmas_num a positive multiple of " +
                                  std::to_string(granule) + " and fmas_den a power of two");
    if (p.fmas_num > k::intensity_max_fmas(t))
      throw std::invalid_argument("16-bit intensity is exact up to " +
                                  std::to_string(k::intensity_max_fmas(t)) +
                                  " multiply-adds per element and call");
    if (pairs_ == 0) throw std::invalid_argument("16-bit intensity needs at least 2 elements");
    use_device(device.ordinal);
    x_ = DeviceBuffer<P>(pairs_);
    int blocks_per_sm = 0;
    GPU_CHECK(gpuOccupancyMaxActiveBlocksPerMultiprocessor(
        &blocks_per_sm, reinterpret_cast<const void*>(intensity_half_kernel<P>), kThreads, 0));
    blocks_ = static_cast<unsigned>(std::max(blocks_per_sm, 1) * device.sms);
    fill_init_a_pairs<<<static_cast<unsigned>(device.sms * 8), 256, 0, stream()>>>(x_.data(),
                                                                                   pairs_);
    GPU_CHECK_LAUNCH("fill_init_a_pairs launch");
    GPU_CHECK(gpuStreamSynchronize(stream()));
  }

  std::uint64_t work_count() const override { return pairs_ * 2; }
  std::uint64_t footprint_bytes() const override { return pairs_ * sizeof(P); }
  std::optional<double> peak_per_mhz() const override { return peak_per_mhz_; }
  void plant_wrong_value() override { flip_device_byte(x_.data()); }

 protected:
  void launch(gpuStream_t stream) override {
    intensity_half_kernel<P><<<blocks_, kThreads, 0, stream>>>(
        x_.data(), pairs_, params_.fmas_num / 2, static_cast<std::uint64_t>(params_.fmas_den),
        Walk::down(launches_++));
  }

  // Element i of a walked pair (i / 2 a multiple of fmas_den) sits at init_a(i) +
  // CountingWalk::offset after the calls so far, the others at init_a(i): a pattern of
  // 7 x 2 x fmas_den elements, compared bit for bit.
  Verification check() override {
    const auto stride = static_cast<std::uint64_t>(params_.fmas_den);
    const std::int64_t offset =
        Walk::offset(launches_, static_cast<std::int64_t>(params_.fmas_num / 2));
    std::vector<std::uint16_t> table(7 * 2 * stride);
    for (std::uint64_t i = 0; i < table.size(); ++i) {
      const bool walked = (i / 2) % stride == 0;
      table[i] = bits_of<P>(k::init_a<float>(i) + (walked ? static_cast<float>(offset) : 0.0f));
    }
    return compare_periodic_on_device(reinterpret_cast<const std::uint16_t*>(x_.data()), pairs_ * 2,
                                      table, device().sms, stream())
        .result("16-bit patterns");
  }

  Params describe() const override {
    return {{"grid_blocks", blocks_},
            {param_keys::kThreadsPerBlock, kThreads},
            {param_keys::kAccessBytes, static_cast<int>(sizeof(P) * kPairsPerVector)},
            {param_keys::kUnroll, kUnroll},
            {"chain", "counting walk, two multiply-adds per step, direction alternating"},
            {"verification", "every element's bits compared on the device"}};
  }

 private:
  std::uint64_t pairs_;
  IntensityParams params_;
  std::optional<double> peak_per_mhz_;
  unsigned blocks_ = 0;
  std::uint64_t launches_ = 0;
  DeviceBuffer<P> x_;
};

}  // namespace

std::unique_ptr<PreparedCase> make_intensity_half_case(const DeviceContext& device,
                                                       const CaseSpec& spec) {
  if (spec.dtype == DType::fp16)
    return std::make_unique<IntensityHalfCase<half2_t>>(device, spec.array_elements, spec.intensity,
                                                        DType::fp16);
#if !defined(__HIPCC__)
  if (spec.dtype == DType::bf16)
    return std::make_unique<IntensityHalfCase<bf162_t>>(device, spec.array_elements, spec.intensity,
                                                        DType::bf16);
#endif
  throw SkipCase("16-bit intensity is not defined for " + std::string(to_string(spec.dtype)));
}

}  // namespace ridgeline::RL_GPU_NS
