// The memory kernels of kernels/stream.hpp on device memory, for fp32 and fp64: one
// grid-stride kernel template drives every kernel from its declaration (the arrays it
// reads and writes, its element operation, whether it sums), so a new kernel there needs
// nothing here. The access width (N elements per load/store) and the independent
// accesses per thread (U) are template arguments chosen at run time from the case's
// launch shape.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <stdexcept>
#include <string>
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
using k::Element;
using k::is_read;
using k::is_written;

template <class T>
struct ArrayPointers {
  T* a;
  T* b;
  T* c;
};

// The values kernel K reads at one index (vectors or scalars), the others left zero ...
template <class K, class E, class P>
__device__ Element<E> load(const P& x, std::uint64_t at) {
  Element<E> e{};
  if constexpr (is_read(K::decl.arrays.a)) e.a = x.a[at];
  if constexpr (is_read(K::decl.arrays.b)) e.b = x.b[at];
  if constexpr (is_read(K::decl.arrays.c)) e.c = x.c[at];
  return e;
}

// ... and the values it writes back.
template <class K, class E, class P>
__device__ void store(const P& x, std::uint64_t at, const Element<E>& e) {
  if constexpr (is_written(K::decl.arrays.a)) x.a[at] = e.a;
  if constexpr (is_written(K::decl.arrays.b)) x.b[at] = e.b;
  if constexpr (is_written(K::decl.arrays.c)) x.c[at] = e.c;
}

// Lane e of a vector element, as the scalar element the operation takes.
template <class T, int N>
__device__ Element<T> lane(const Element<Vec<T, N>>& v, int e) {
  return {v.a.v[e], v.b.v[e], v.c.v[e]};
}

// One element outside the vector loop: stored at once for a storing kernel, the term
// (widened) for a summing one.
template <class K, class T>
__device__ double scalar_element(const ArrayPointers<T>& x, std::uint64_t at) {
  Element<T> e = load<K, T>(x, at);
  if constexpr (K::decl.sums) {
    return static_cast<double>(K::term(e));
  } else {
    K::apply(e);
    store<K>(x, at, e);
    return 0;
  }
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

// One call. Each thread loads U vectors of N elements (U x N x sizeof(T) bytes in flight
// per array) before using any, at indices one grid apart, so every warp access is one
// contiguous, fully coalesced segment. Summing kernels keep kernels/stream.hpp's
// exact-chunk rule: each of a thread's U accumulators adds at most kExactChunk terms in
// T, then is widened to double; blocks write their sums to `partials` (a second pass on
// the host adds them, in verify()).
template <class K, class T, int N, int U>
__global__ void __launch_bounds__(kMaxThreadsPerBlock, 1)
    stream_kernel(ArrayPointers<T> x, std::uint64_t n, double* partials) {
  using V = Vec<T, N>;
  const ArrayPointers<V> xv{reinterpret_cast<V*>(x.a), reinterpret_cast<V*>(x.b),
                            reinterpret_cast<V*>(x.c)};
  const std::uint64_t vectors = n / N;
  const GridStride g = grid_stride();

  double total = 0;
  T acc[U];
#pragma unroll
  for (int u = 0; u < U; ++u) acc[u] = T{};
  int in_chunk = 0;  // terms in each acc[u] since it was last widened

  std::uint64_t i = g.first;
  for (; i + (U - 1) * g.stride < vectors; i += U * g.stride) {
    Element<V> v[U];
#pragma unroll
    for (int u = 0; u < U; ++u) v[u] = load<K, V>(xv, i + u * g.stride);
#pragma unroll
    for (int u = 0; u < U; ++u) {
      if constexpr (K::decl.sums) {
#pragma unroll
        for (int e = 0; e < N; ++e) acc[u] += K::term(lane(v[u], e));
      } else {
#pragma unroll
        for (int e = 0; e < N; ++e) {
          Element<T> s = lane(v[u], e);
          K::apply(s);
          v[u].a.v[e] = s.a;
          v[u].b.v[e] = s.b;
          v[u].c.v[e] = s.c;
        }
        store<K>(xv, i + u * g.stride, v[u]);
      }
    }
    if constexpr (K::decl.sums) {
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
  // element at a time; each term is widened at once, so the chunk rule holds trivially.
  for (std::uint64_t j = i; j < vectors; j += g.stride) {
#pragma unroll
    for (int e = 0; e < N; ++e) total += scalar_element<K>(x, j * N + e);
  }
  for (std::uint64_t at = vectors * N + g.first; at < n; at += g.stride)
    total += scalar_element<K>(x, at);

  if constexpr (K::decl.sums) {
#pragma unroll
    for (int u = 0; u < U; ++u) total += static_cast<double>(acc[u]);
    const double block_total = block_sum(total);
    if (threadIdx.x == 0) partials[blockIdx.x] = block_total;
  }
}

template <class T>
using StreamKernel = void (*)(ArrayPointers<T>, std::uint64_t, double*);

template <class K, class T, int N>
StreamKernel<T> select_unroll(int unroll) {
  switch (unroll) {
    case 1:
      return stream_kernel<K, T, N, 1>;
    case 2:
      return stream_kernel<K, T, N, 2>;
    default:
      return stream_kernel<K, T, N, 4>;
  }
}

// The instantiation for a launch shape (validated by parse_launch_shape).
template <class K, class T>
StreamKernel<T> select_kernel(const gpu::LaunchShape& shape) {
  const int n = shape.elements_per_access(sizeof(T));
  if constexpr (sizeof(T) == 4)
    if (n == 4) return select_unroll<K, T, 4>(shape.unroll);
  if (n >= 2) return select_unroll<K, T, 2>(shape.unroll);
  return select_unroll<K, T, 1>(shape.unroll);
}

template <class T>
__global__ void fill_pattern(T* out, std::uint64_t n, int pattern) {
  const GridStride g = grid_stride();
  for (std::uint64_t i = g.first; i < n; i += g.stride)
    out[i] = pattern == 0 ? k::init_a<T>(i) : pattern == 1 ? k::init_b<T>(i) : k::init_c<T>(i);
}

template <class K, class T>
class StreamCase final : public GpuCase {
  static constexpr k::ArrayRoles kRoles = K::decl.arrays;

 public:
  StreamCase(const DeviceContext& device, std::uint64_t n, gpu::LaunchShape shape)
      : GpuCase(device, /*flush_l2=*/true), n_(n), shape_(shape) {
    use_device(device.ordinal);
    if (kRoles.a != k::Role::none) a_ = DeviceBuffer<T>(n);
    if (kRoles.b != k::Role::none) b_ = DeviceBuffer<T>(n);
    if (kRoles.c != k::Role::none) c_ = DeviceBuffer<T>(n);
    kernel_ = select_kernel<K, T>(shape_);
    int blocks_per_sm = shape_.blocks_per_sm;
    if (blocks_per_sm == 0)
      GPU_CHECK(gpuOccupancyMaxActiveBlocksPerMultiprocessor(
          &blocks_per_sm, reinterpret_cast<const void*>(kernel_), shape_.threads_per_block, 0));
    blocks_ = static_cast<unsigned>(std::max(blocks_per_sm, 1) * device.sms);
    resolved_blocks_per_sm_ = std::max(blocks_per_sm, 1);
    if constexpr (K::decl.sums) partials_ = DeviceBuffer<double>(blocks_);
    initialise();
  }

  std::uint64_t work_count() const override { return n_; }
  std::uint64_t footprint_bytes() const override {
    const int arrays =
        (kRoles.a != k::Role::none) + (kRoles.b != k::Role::none) + (kRoles.c != k::Role::none);
    return static_cast<std::uint64_t>(arrays) * n_ * sizeof(T);
  }

  void plant_wrong_value() override {
    if constexpr (K::decl.sums)
      flip_device_byte(partials_.data());
    else
      flip_device_byte(first_written());
  }

 protected:
  void launch(gpuStream_t stream) override {
    kernel_<<<blocks_, static_cast<unsigned>(shape_.threads_per_block), 0, stream>>>(
        pointers(), n_, partials_.data());
  }

  // The sum, or every value of every array the kernel writes, against the replayed gold
  // model (kernels::after_calls), which repeats with kPatternPeriod.
  Verification check() override {
    if constexpr (K::decl.sums) {
      std::vector<double> partials(blocks_);
      GPU_CHECK(
          gpuMemcpy(partials.data(), partials_.data(), partials_.bytes(), gpuMemcpyDeviceToHost));
      double got = 0;
      for (double p : partials) got += p;  // the second pass of the reduction
      Comparison c;
      c.check(0, got, k::expected_sum<K, T>(n_));
      return c.result("sums");
    } else {
      std::vector<Element<T>> model(k::kPatternPeriod);
      for (std::uint64_t r = 0; r < k::kPatternPeriod; ++r)
        model[r] = k::after_calls<K, T>(r, calls_done());
      Comparison all;
      const auto check_array = [&](const DeviceBuffer<T>& array, T Element<T>::*member) {
        std::vector<T> table;
        for (const auto& e : model) table.push_back(e.*member);
        all.merge(compare_periodic_on_device(array.data(), n_, table, device().sms, stream()));
      };
      if constexpr (is_written(kRoles.a)) check_array(a_, &Element<T>::a);
      if constexpr (is_written(kRoles.b)) check_array(b_, &Element<T>::b);
      if constexpr (is_written(kRoles.c)) check_array(c_, &Element<T>::c);
      return all.result();
    }
  }

  Params describe() const override {
    Params config = gpu::to_options(shape_);
    config[gpu::kBlocksPerSmOption] = resolved_blocks_per_sm_;
    config["grid_blocks"] = blocks_;
    config["loop"] = "grid-stride";
    if constexpr (K::decl.sums)
      config["reduction"] = "per-thread chunks of " + std::to_string(k::kExactChunk) +
                            " in the dtype, block sums in double, host adds the blocks";
    config["verification"] =
        K::decl.sums ? "sum compared on the host" : "every element compared on the device";
    return config;
  }

 private:
  ArrayPointers<T> pointers() const { return {a_.data(), b_.data(), c_.data()}; }
  T* first_written() const {
    if constexpr (is_written(kRoles.a)) return a_.data();
    if constexpr (is_written(kRoles.b)) return b_.data();
    return c_.data();
  }

  // Fills the arrays with kernels::init_* on the device (no host copy of gigabytes).
  void initialise() {
    const unsigned blocks = static_cast<unsigned>(device().sms * 8);
    const auto fill = [&](DeviceBuffer<T>& buffer, int pattern) {
      if (buffer.data() == nullptr) return;
      fill_pattern<<<blocks, 256, 0, stream()>>>(buffer.data(), n_, pattern);
      GPU_CHECK_LAUNCH("fill_pattern launch");
    };
    fill(a_, 0);
    fill(b_, 1);
    fill(c_, 2);
    GPU_CHECK(gpuStreamSynchronize(stream()));
  }

  std::uint64_t n_;
  gpu::LaunchShape shape_;
  int resolved_blocks_per_sm_ = 0;
  unsigned blocks_ = 0;
  StreamKernel<T> kernel_ = nullptr;
  DeviceBuffer<T> a_, b_, c_;
  DeviceBuffer<double> partials_;
};

template <class T>
std::unique_ptr<PreparedCase> make_for_type(const DeviceContext& device, const CaseSpec& spec) {
  const gpu::LaunchShape shape = gpu::parse_launch_shape(spec.options, sizeof(T));
  std::unique_ptr<PreparedCase> made;
  k::visit_kernel(k::MemoryKernels{}, spec.kernel->name, [&]<class K>() {
    made = std::make_unique<StreamCase<K, T>>(device, spec.array_elements, shape);
  });
  if (!made) throw std::invalid_argument(std::string("not a memory kernel: ") + spec.kernel->name);
  return made;
}

// The default launch shape's instantiation of K for T: 16-byte accesses, 4 in flight.
template <class K, class T>
MachineCodeClaim stream_claim(DType t, const char* type_name) {
  MachineCodeClaim c;
  c.kernel = K::decl.name;
  c.dtype = t;
  const gpu::LaunchShape shape;
  // The kernel's struct is its name capitalised (kernels/stream.hpp: Triad is "triad").
  std::string kernel_type = K::decl.name;
  kernel_type[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(kernel_type[0])));
  c.symbol = "stream_kernel<ridgeline::kernels::" + kernel_type + ", " + type_name + ", " +
             std::to_string(shape.elements_per_access(sizeof(T))) + ", " +
             std::to_string(shape.unroll) + ">";
  c.architectures = compiled_architectures();
  c.access_bytes = shape.access_bytes;
  return c;
}

}  // namespace

std::vector<MachineCodeClaim> stream_claims() {
  std::vector<MachineCodeClaim> claims;
  [&]<class... K>(k::KernelList<K...>) {
    (claims.push_back(stream_claim<K, float>(DType::fp32, "float")), ...);
    (claims.push_back(stream_claim<K, double>(DType::fp64, "double")), ...);
  }(k::MemoryKernels{});
  return claims;
}

std::unique_ptr<PreparedCase> make_stream_case(const DeviceContext& device, const CaseSpec& spec) {
  if (spec.dtype == DType::fp32) return make_for_type<float>(device, spec);
  if (spec.dtype == DType::fp64) return make_for_type<double>(device, spec);
  throw SkipCase(std::string(spec.kernel->name) + " is not defined for " +
                 std::string(to_string(spec.dtype)));
}

}  // namespace ridgeline::RL_GPU_NS
