// The memory kernels on device memory: read, write, copy, scale, add, triad, dot for
// fp32 and fp64, with the element operations of kernels/stream.hpp. One grid-stride
// kernel template covers all of them; the access width (N elements per load/store)
// and the independent accesses per thread (U) are template arguments chosen at run
// time from the case's launch shape.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "backends/gpu/gpu_cases.hpp"
#include "backends/gpu/gpu_check.cuh"
#include "backends/gpu/gpu_vector.cuh"
#include "backends/gpu/launch_shape.hpp"
#include "kernels/stream.hpp"

namespace ridgeline::RL_GPU_NS {
namespace {
namespace k = kernels;
using gpu::kMaxThreadsPerBlock;

using k::arrays_used;
using k::ArraysUsed;
using k::is_reduction;
using k::StreamOp;

// One element of the storing operations, from its inputs.
template <StreamOp op, class T>
RL_INLINE T store_value(T a, T b, T c) {
  const T s = k::stream_scalar<T>();
  if constexpr (op == StreamOp::write) return k::Write::apply(k::fill_value<T>());
  if constexpr (op == StreamOp::copy) return k::Copy::apply(a);
  if constexpr (op == StreamOp::scale) return k::Scale::apply(s, c);
  if constexpr (op == StreamOp::add) return k::Add::apply(a, b);
  if constexpr (op == StreamOp::triad) return k::Triad::apply(b, c, s);
  return T{};
}

// The host model of a storing operation: its element op on the initial values. No
// kernel writes an array it reads, so this holds after any number of calls.
template <StreamOp op, class T>
struct ExpectedStore {
  RL_HOST_DEVICE T operator()(std::uint64_t i) const {
    return store_value<op, T>(k::init_a<T>(i), k::init_b<T>(i), k::init_c<T>(i));
  }
};

template <StreamOp op, class T>
RL_INLINE T reduce_step(T acc, T a, T b) {
  if constexpr (op == StreamOp::read) return k::Read::step(acc, a);
  return k::Dot::step(acc, a, b);
}

struct StreamArrays {
  void* a;
  void* b;
  void* c;
};

// One element outside the vector loop: stores for the storing operations, the term
// (widened) for the reductions. Pointers of arrays an operation does not use are null
// and never dereferenced.
template <StreamOp op, class T>
__device__ double scalar_element(T* a, T* b, T* c, std::uint64_t at) {
  if constexpr (op == StreamOp::read) return static_cast<double>(k::Read::step(T{}, a[at]));
  if constexpr (op == StreamOp::dot) return static_cast<double>(k::Dot::step(T{}, a[at], b[at]));
  if constexpr (op == StreamOp::write) a[at] = store_value<op, T>(T{}, T{}, T{});
  if constexpr (op == StreamOp::copy) c[at] = store_value<op, T>(a[at], T{}, T{});
  if constexpr (op == StreamOp::scale) b[at] = store_value<op, T>(T{}, T{}, c[at]);
  if constexpr (op == StreamOp::add) c[at] = store_value<op, T>(a[at], b[at], T{});
  if constexpr (op == StreamOp::triad) a[at] = store_value<op, T>(T{}, b[at], c[at]);
  return 0;
}

// Sum of one block's values in double, left in thread 0's return value. A shared-memory
// tree: it runs once per block per call, so its cost does not show in the bandwidth,
// and it is the same code on 32- and 64-wide warps.
__device__ double block_sum(double value) {
  __shared__ double partial[kMaxThreadsPerBlock];
  partial[threadIdx.x] = value;
  __syncthreads();
  for (unsigned width = blockDim.x / 2; width > 0; width /= 2) {
    if (threadIdx.x < width) partial[threadIdx.x] += partial[threadIdx.x + width];
    __syncthreads();
  }
  return partial[0];
}

// One call. Each thread loads U vectors of N elements (U x N x sizeof(T) bytes in
// flight) before using any, at indices one grid apart, so every warp access is one
// contiguous, fully coalesced segment. Reductions keep kernels/stream.hpp's exact-chunk
// rule: each of a thread's U accumulators sums at most kExactChunk elements in T, then
// is widened to double; blocks write their sums to `partials` (a second pass on the
// host adds them, in verify()).
template <StreamOp op, class T, int N, int U>
__global__ void __launch_bounds__(kMaxThreadsPerBlock, 1)
    stream_kernel(StreamArrays arrays, std::uint64_t n, double* partials) {
  using V = Vec<T, N>;
  T* const a = static_cast<T*>(arrays.a);
  T* const b = static_cast<T*>(arrays.b);
  T* const c = static_cast<T*>(arrays.c);
  V* const av = reinterpret_cast<V*>(a);
  V* const bv = reinterpret_cast<V*>(b);
  V* const cv = reinterpret_cast<V*>(c);
  const std::uint64_t vectors = n / N;
  const GridStride g = grid_stride();

  double total = 0;
  T acc[U];
#pragma unroll
  for (int u = 0; u < U; ++u) acc[u] = T{};
  int in_chunk = 0;  // elements in each acc[u] since it was last widened

  std::uint64_t i = g.first;
  for (; i + (U - 1) * g.stride < vectors; i += U * g.stride) {
    V x[U]{};
    V y[U]{};
#pragma unroll
    for (int u = 0; u < U; ++u) {
      const std::uint64_t at = i + u * g.stride;
      if constexpr (op == StreamOp::read || op == StreamOp::dot || op == StreamOp::copy ||
                    op == StreamOp::add)
        x[u] = av[at];
      if constexpr (op == StreamOp::dot || op == StreamOp::add || op == StreamOp::triad)
        y[u] = bv[at];
      if constexpr (op == StreamOp::scale || op == StreamOp::triad) x[u] = cv[at];
    }
#pragma unroll
    for (int u = 0; u < U; ++u) {
      const std::uint64_t at = i + u * g.stride;
      if constexpr (is_reduction(op)) {
#pragma unroll
        for (int e = 0; e < N; ++e) acc[u] = reduce_step<op>(acc[u], x[u].v[e], y[u].v[e]);
      } else {
        V out;
#pragma unroll
        for (int e = 0; e < N; ++e) {
          // x holds a (copy, add) or c (scale, triad); y holds b (add, triad).
          const T first = x[u].v[e];
          const T second = y[u].v[e];
          if constexpr (op == StreamOp::write) out.v[e] = store_value<op, T>(T{}, T{}, T{});
          if constexpr (op == StreamOp::copy) out.v[e] = store_value<op, T>(first, T{}, T{});
          if constexpr (op == StreamOp::add) out.v[e] = store_value<op, T>(first, second, T{});
          if constexpr (op == StreamOp::scale) out.v[e] = store_value<op, T>(T{}, T{}, first);
          if constexpr (op == StreamOp::triad) out.v[e] = store_value<op, T>(T{}, second, first);
        }
        if constexpr (op == StreamOp::write || op == StreamOp::triad) av[at] = out;
        if constexpr (op == StreamOp::scale) bv[at] = out;
        if constexpr (op == StreamOp::copy || op == StreamOp::add) cv[at] = out;
      }
    }
    if constexpr (is_reduction(op)) {
      in_chunk += N;
      if (in_chunk + N > k::kExactChunk) {
#pragma unroll
        for (int u = 0; u < U; ++u) {
          total += static_cast<double>(acc[u]);
          acc[u] = T{};
        }
        in_chunk = 0;
      }
    }
  }
  // Whole vectors left over (fewer than U per thread), then the scalar tail, one
  // element at a time; each is widened at once, so the chunk rule holds trivially.
  for (std::uint64_t j = i; j < vectors; j += g.stride) {
#pragma unroll
    for (int e = 0; e < N; ++e) total += scalar_element<op>(a, b, c, j * N + e);
  }
  for (std::uint64_t at = vectors * N + g.first; at < n; at += g.stride)
    total += scalar_element<op>(a, b, c, at);

  if constexpr (is_reduction(op)) {
#pragma unroll
    for (int u = 0; u < U; ++u) total += static_cast<double>(acc[u]);
    const double block_total = block_sum(total);
    if (threadIdx.x == 0) partials[blockIdx.x] = block_total;
  }
}

template <class T>
using StreamKernel = void (*)(StreamArrays, std::uint64_t, double*);

template <StreamOp op, class T, int N>
StreamKernel<T> select_unroll(int unroll) {
  switch (unroll) {
    case 1:
      return stream_kernel<op, T, N, 1>;
    case 2:
      return stream_kernel<op, T, N, 2>;
    default:
      return stream_kernel<op, T, N, 4>;
  }
}

// The instantiation for a launch shape (validated by parse_launch_shape).
template <StreamOp op, class T>
StreamKernel<T> select_kernel(const gpu::LaunchShape& shape) {
  const int n = shape.elements_per_access(sizeof(T));
  if constexpr (sizeof(T) == 4)
    if (n == 4) return select_unroll<op, T, 4>(shape.unroll);
  if (n >= 2) return select_unroll<op, T, 2>(shape.unroll);
  return select_unroll<op, T, 1>(shape.unroll);
}

// Sum over i < n of term(i) for a term periodic in i, in closed form: whole periods
// times the period's sum plus the partial period. Exact for the small-integer inputs.
template <class Term>
double periodic_sum(std::uint64_t n, std::uint64_t period, Term term) {
  double one_period = 0;
  double partial = 0;
  for (std::uint64_t r = 0; r < period; ++r) {
    one_period += term(r);
    if (r < n % period) partial += term(r);
  }
  return static_cast<double>(n / period) * one_period + partial;
}

template <StreamOp op, class T>
class StreamCase final : public GpuCase {
 public:
  StreamCase(const DeviceContext& device, std::uint64_t n, gpu::LaunchShape shape)
      : GpuCase(device, /*flush_l2=*/true), n_(n), shape_(shape) {
    use_device(device.ordinal);
    const ArraysUsed used = arrays_used(op);
    if (used.a) a_ = DeviceBuffer<T>(n);
    if (used.b) b_ = DeviceBuffer<T>(n);
    if (used.c) c_ = DeviceBuffer<T>(n);
    kernel_ = select_kernel<op, T>(shape_);
    int blocks_per_sm = shape_.blocks_per_sm;
    if (blocks_per_sm == 0)
      GPU_CHECK(gpuOccupancyMaxActiveBlocksPerMultiprocessor(
          &blocks_per_sm, reinterpret_cast<const void*>(kernel_), shape_.threads_per_block, 0));
    blocks_ = static_cast<unsigned>(std::max(blocks_per_sm, 1) * device.sms);
    resolved_blocks_per_sm_ = std::max(blocks_per_sm, 1);
    if constexpr (is_reduction(op)) partials_ = DeviceBuffer<double>(blocks_);
    initialise();
  }

  std::uint64_t elements() const override { return n_; }

 protected:
  void launch(gpuStream_t stream) override {
    kernel_<<<blocks_, static_cast<unsigned>(shape_.threads_per_block), 0, stream>>>(
        StreamArrays{a_.data(), b_.data(), c_.data()}, n_, partials_.data());
  }

  Verification check() override {
    if constexpr (is_reduction(op)) {
      std::vector<double> partials(blocks_);
      GPU_CHECK(
          gpuMemcpy(partials.data(), partials_.data(), partials_.bytes(), gpuMemcpyDeviceToHost));
      double got = 0;
      for (double p : partials) got += p;  // the second pass of the reduction
      const double expected = expected_sum();
      Verification v;
      v.checked = 1;
      v.mismatches = got == expected ? 0 : 1;
      v.max_abs_error = got == expected ? 0 : std::abs(got - expected);
      v.verdict = got == expected ? Verdict::pass : Verdict::fail;
      if (got != expected)
        v.detail = "sum is " + std::to_string(got) + ", expected " + std::to_string(expected);
      return v;
    } else {
      return verify_on_device(output(), n_, ExpectedStore<op, T>{}, device().sms, stream());
    }
  }

  std::map<std::string, std::string> describe() const override {
    auto config = gpu::to_options(shape_);
    config[gpu::kBlocksPerSmOption] = std::to_string(resolved_blocks_per_sm_);
    config["grid_blocks"] = std::to_string(blocks_);
    config["loop"] = "grid-stride";
    if constexpr (is_reduction(op))
      config["reduction"] = "per-thread chunks of " + std::to_string(k::kExactChunk) +
                            " in the dtype, block sums in double, host adds the blocks";
    config["verification"] =
        is_reduction(op) ? "sum compared on the host" : "every element compared on the device";
    return config;
  }

 private:
  // Fills the arrays with kernels::init_* on the device (no host copy of gigabytes).
  void initialise();

  const DeviceBuffer<T>& output() const {
    if constexpr (op == StreamOp::scale) return b_;
    if constexpr (op == StreamOp::copy || op == StreamOp::add) return c_;
    return a_;
  }

  double expected_sum() const {
    if constexpr (op == StreamOp::read)
      return periodic_sum(n_, 7,
                          [](std::uint64_t i) { return static_cast<double>(k::init_a<T>(i)); });
    return periodic_sum(n_, 35, [](std::uint64_t i) {
      return static_cast<double>(k::init_a<T>(i)) * static_cast<double>(k::init_b<T>(i));
    });
  }

  std::uint64_t n_;
  gpu::LaunchShape shape_;
  int resolved_blocks_per_sm_ = 0;
  unsigned blocks_ = 0;
  StreamKernel<T> kernel_ = nullptr;
  DeviceBuffer<T> a_, b_, c_;
  DeviceBuffer<double> partials_;
};

enum class InitPattern { a, b, c };

template <class T>
__global__ void fill_pattern(T* out, std::uint64_t n, InitPattern pattern) {
  const GridStride g = grid_stride();
  for (std::uint64_t i = g.first; i < n; i += g.stride)
    out[i] = pattern == InitPattern::a   ? k::init_a<T>(i)
             : pattern == InitPattern::b ? k::init_b<T>(i)
                                         : k::init_c<T>(i);
}

template <StreamOp op, class T>
void StreamCase<op, T>::initialise() {
  const unsigned blocks = static_cast<unsigned>(device().sms * 8);
  const auto fill = [&](DeviceBuffer<T>& buffer, InitPattern pattern) {
    if (buffer.data() == nullptr) return;
    fill_pattern<<<blocks, 256, 0, stream()>>>(buffer.data(), n_, pattern);
    GPU_CHECK_LAUNCH("fill_pattern launch");
  };
  fill(a_, InitPattern::a);
  fill(b_, InitPattern::b);
  fill(c_, InitPattern::c);
  GPU_CHECK(gpuStreamSynchronize(stream()));
}

template <class T>
std::unique_ptr<PreparedCase> make_for_type(const DeviceContext& device, const CaseSpec& spec) {
  const gpu::LaunchShape shape = gpu::parse_launch_shape(spec.options, sizeof(T));
  const std::uint64_t n = spec.elements;
  switch (k::stream_op_of(*spec.kernel)) {
    case StreamOp::read:
      return std::make_unique<StreamCase<StreamOp::read, T>>(device, n, shape);
    case StreamOp::write:
      return std::make_unique<StreamCase<StreamOp::write, T>>(device, n, shape);
    case StreamOp::copy:
      return std::make_unique<StreamCase<StreamOp::copy, T>>(device, n, shape);
    case StreamOp::scale:
      return std::make_unique<StreamCase<StreamOp::scale, T>>(device, n, shape);
    case StreamOp::add:
      return std::make_unique<StreamCase<StreamOp::add, T>>(device, n, shape);
    case StreamOp::triad:
      return std::make_unique<StreamCase<StreamOp::triad, T>>(device, n, shape);
    case StreamOp::dot:
      return std::make_unique<StreamCase<StreamOp::dot, T>>(device, n, shape);
  }
  throw std::invalid_argument("unknown memory kernel");
}

}  // namespace

std::unique_ptr<PreparedCase> make_stream_case(const DeviceContext& device, const CaseSpec& spec) {
  if (spec.dtype == DType::fp32) return make_for_type<float>(device, spec);
  if (spec.dtype == DType::fp64) return make_for_type<double>(device, spec);
  throw SkipCase(std::string(spec.kernel->name) + " is not defined for " +
                 std::string(to_string(spec.dtype)));
}

}  // namespace ridgeline::RL_GPU_NS
