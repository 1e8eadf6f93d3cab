// The working-set kernels of kernels/working_set.hpp on the GPU: cache_read (every block
// reads all of the working set, from its own rotation, `passes` times per call, so the
// level that holds it, L1, L2 or DRAM, is what is timed, not the launch) and chase (one
// thread follows the random cycle, one dependent load at a time). One source for CUDA
// and HIP.
#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "backends/gpu/device_limits.hpp"
#include "backends/gpu/gpu_cases.hpp"
#include "backends/gpu/gpu_vector.cuh"
#include "core/chase_cycle.hpp"
#include "core/units.hpp"
#include "kernels/working_set.hpp"

namespace ridgeline::RL_GPU_NS {
namespace {
namespace k = kernels;

// cache_read's launch: 256 threads, 16-byte loads, four in flight per thread.
constexpr int kCacheReadThreads = 256;
constexpr int kCacheReadVectorFloats = 4;
constexpr int kCacheReadUnroll = 4;
// Bytes each block reads per call: about 1 ms of the whole device at L1 rates, so the
// launch (microseconds) stays near 1% even for the smallest working set.
constexpr std::uint64_t kBytesPerBlockPerCall = 16 * kMiB;

using Float4 = Vec<float, kCacheReadVectorFloats>;

// Index j of a rotated walk over `vectors` (j < 2 x vectors): a compare, not a division.
__device__ inline std::uint64_t wrapped(std::uint64_t j, std::uint64_t vectors) {
  return j >= vectors ? j - vectors : j;
}

// One block's sum of all of `a` (`vectors` 16-byte vectors), `passes` times, starting at
// its own rotation. Each thread keeps kernels/stream.hpp's exact-chunk rule: each of its
// kCacheReadUnroll x 4 float lanes adds at most kExactChunk terms before it is widened to
// double, so the block's total is exactly passes x the sum of init_a over the set.
__global__ void __launch_bounds__(kCacheReadThreads, 1)
    cache_read_kernel(const float* a, std::uint64_t vectors, std::uint64_t passes,
                      double* block_totals) {
  const Float4* av = reinterpret_cast<const Float4*>(a);
  const std::uint64_t rotation = blockIdx.x * vectors / gridDim.x;
  double total = 0;
  for (std::uint64_t pass = 0; pass < passes; ++pass) {
    Float4 acc[kCacheReadUnroll] = {};
    int in_chunk = 0;
    std::uint64_t i = threadIdx.x;
    for (; i + (kCacheReadUnroll - 1) * blockDim.x < vectors; i += kCacheReadUnroll * blockDim.x) {
      Float4 v[kCacheReadUnroll];
#pragma unroll
      for (int u = 0; u < kCacheReadUnroll; ++u)
        v[u] = av[wrapped(rotation + i + u * blockDim.x, vectors)];
#pragma unroll
      for (int u = 0; u < kCacheReadUnroll; ++u)
#pragma unroll
        for (int e = 0; e < kCacheReadVectorFloats; ++e) acc[u].v[e] += v[u].v[e];
      if (++in_chunk == k::kExactChunk) {
#pragma unroll
        for (int u = 0; u < kCacheReadUnroll; ++u)
#pragma unroll
          for (int e = 0; e < kCacheReadVectorFloats; ++e) {
            total += static_cast<double>(acc[u].v[e]);
            acc[u].v[e] = 0;
          }
        in_chunk = 0;
      }
    }
    for (; i < vectors; i += blockDim.x) {
      const Float4 v = av[wrapped(rotation + i, vectors)];
#pragma unroll
      for (int e = 0; e < kCacheReadVectorFloats; ++e) total += static_cast<double>(v.v[e]);
    }
#pragma unroll
    for (int u = 0; u < kCacheReadUnroll; ++u)
#pragma unroll
      for (int e = 0; e < kCacheReadVectorFloats; ++e) total += static_cast<double>(acc[u].v[e]);
    // The next pass must load the set again, not reuse this one's registers.
    asm volatile("" ::: "memory");
  }
  __shared__ double partial[kCacheReadThreads];
  partial[threadIdx.x] = total;
  __syncthreads();
  for (unsigned width = blockDim.x / 2; width > 0; width /= 2) {
    if (threadIdx.x < width) partial[threadIdx.x] += partial[threadIdx.x + width];
    __syncthreads();
  }
  if (threadIdx.x == 0) block_totals[blockIdx.x] = partial[0];
}

__global__ void fill_init_a(float* out, std::uint64_t n) {
  const GridStride g = grid_stride();
  for (std::uint64_t i = g.first; i < n; i += g.stride) out[i] = k::init_a<float>(i);
}

gpu::LimitFacts limit_facts(const DeviceContext& device) {
  return {device.arch, device.clock_mhz, device.memory_bus_width_bits, device.memory_clock_mhz,
          device.cache_bytes()};
}

class CacheReadCase final : public GpuCase {
 public:
  CacheReadCase(const DeviceContext& device, std::uint64_t n)
      : GpuCase(device, /*flush_l2=*/false),
        n_(n / kCacheReadVectorFloats * kCacheReadVectorFloats),
        passes_(std::max<std::uint64_t>(
            1, kBytesPerBlockPerCall / std::max<std::uint64_t>(n_ * sizeof(float), 1))) {
    if (n_ == 0) throw std::invalid_argument("cache_read needs at least 4 elements");
    use_device(device.ordinal);
    int blocks_per_sm = 0;
    GPU_CHECK(gpuOccupancyMaxActiveBlocksPerMultiprocessor(
        &blocks_per_sm, reinterpret_cast<const void*>(cache_read_kernel), kCacheReadThreads, 0));
    blocks_ = static_cast<unsigned>(std::max(blocks_per_sm, 1) * device.sms);
    a_ = DeviceBuffer<float>(n_);
    totals_ = DeviceBuffer<double>(blocks_);
    fill_init_a<<<static_cast<unsigned>(device.sms * 8), 256, 0, stream()>>>(a_.data(), n_);
    GPU_CHECK_LAUNCH("fill_init_a launch");
    GPU_CHECK(gpuStreamSynchronize(stream()));
  }

  std::uint64_t work_count() const override { return n_; }
  // Every block reads the whole set passes_ times per call.
  std::uint64_t passes() const override { return passes_ * blocks_; }
  PhysicalLimits physical_limits() const override {
    return gpu::cache_read_limits(limit_facts(device()), device().sms, n_ * sizeof(float));
  }
  void plant_wrong_value() override { flip_device_byte(totals_.data()); }

 protected:
  void launch(gpuStream_t stream) override {
    cache_read_kernel<<<blocks_, kCacheReadThreads, 0, stream>>>(
        a_.data(), n_ / kCacheReadVectorFloats, passes_, totals_.data());
  }

  // Every block's total of the last call, exactly: a block, pass or element skipped
  // changes one.
  Verification check() override {
    std::vector<double> totals(blocks_);
    GPU_CHECK(gpuMemcpy(totals.data(), totals_.data(), totals_.bytes(), gpuMemcpyDeviceToHost));
    const double expected = static_cast<double>(passes_) * k::expected_sum<k::CacheRead, float>(n_);
    Comparison c;
    for (std::size_t b = 0; b < totals.size(); ++b) c.check(b, totals[b], expected);
    return c.result("block totals");
  }

  Params describe() const override {
    return {{"grid_blocks", blocks_},
            {param_keys::kThreadsPerBlock, kCacheReadThreads},
            {param_keys::kAccessBytes, static_cast<int>(sizeof(Float4))},
            {param_keys::kUnroll, kCacheReadUnroll},
            {"passes", passes_},
            {"access", "every block reads all of the working set, from its own rotation"},
            {"verification", "each block's total over all passes, exactly"}};
  }

 private:
  std::uint64_t n_;
  std::uint64_t passes_;
  unsigned blocks_ = 0;
  DeviceBuffer<float> a_;
  DeviceBuffer<double> totals_;
};

// The chase, one thread: continues from the state the last call left, so the loads of
// all calls form one walk the host model can replay (ChaseCycle::after).
__global__ void chase_kernel(const std::uint32_t* words, k::ChaseState* state,
                             std::uint64_t steps) {
  *state = k::chase(words, *state, steps);
}

// The same fixed seed as the CPU's: one working set is one sequence of addresses.
constexpr std::uint64_t kCycleSeed = 0x6368617365ULL;  // "chase"

class ChaseCase final : public GpuCase {
 public:
  ChaseCase(const DeviceContext& device, std::uint64_t words)
      : GpuCase(device, /*flush_l2=*/false),
        cycle_(chase_slots(words * sizeof(std::uint32_t)), kCycleSeed),
        loads_(chase_loads_per_call(cycle_.slots())) {
    use_device(device.ordinal);
    std::vector<std::uint32_t> host(cycle_.slots() * k::kChaseSlotWords);
    cycle_.write(host);
    words_ = DeviceBuffer<std::uint32_t>(host.size());
    GPU_CHECK(gpuMemcpy(words_.data(), host.data(), words_.bytes(), gpuMemcpyHostToDevice));
    state_ = DeviceBuffer<k::ChaseState>(1);
    const k::ChaseState start{};
    GPU_CHECK(gpuMemcpy(state_.data(), &start, sizeof(start), gpuMemcpyHostToDevice));
  }

  std::uint64_t work_count() const override { return loads_; }
  PhysicalLimits physical_limits() const override {
    return gpu::chase_limits(limit_facts(device()));
  }
  void plant_wrong_value() override { flip_device_byte(state_.data()); }

 protected:
  void launch(gpuStream_t stream) override {
    chase_kernel<<<1, 1, 0, stream>>>(words_.data(), state_.data(), loads_);
  }

  // The final index and the arrivals at index 0 against the cycle after every load of
  // every call: one load more or less moves the index, a turn more or less the count.
  Verification check() override {
    const k::ChaseState got = state_.read(0);
    const k::ChaseState want = cycle_.after(calls_done() * loads_);
    Comparison c;
    c.check(0, static_cast<double>(got.index), static_cast<double>(want.index));
    c.check(1, static_cast<double>(got.visits), static_cast<double>(want.visits));
    return c.result("chase state (0: final index, 1: arrivals at index 0)");
  }

  Params describe() const override {
    return {{"threads", 1},
            {"slots", cycle_.slots()},
            {"slot_bytes", k::kChaseSlotBytes},
            {"loads_per_call", loads_},
            {"verification", "final index and arrivals at index 0 against the cycle"}};
  }

 private:
  ChaseCycle cycle_;
  std::uint64_t loads_;
  DeviceBuffer<std::uint32_t> words_;
  DeviceBuffer<k::ChaseState> state_;
};

}  // namespace

std::unique_ptr<PreparedCase> make_working_set_case(const DeviceContext& device,
                                                    const CaseSpec& spec) {
  const std::string_view name = spec.kernel->name;
  if (name == k::CacheRead::decl.name) {
    if (spec.dtype != DType::fp32) throw SkipCase("cache_read runs in fp32 only");
    return std::make_unique<CacheReadCase>(device, spec.array_elements);
  }
  if (name == k::PointerChase::decl.name) {
    if (spec.dtype != DType::int32) throw SkipCase("chase follows 32-bit indices (int32) only");
    if (chase_slots(spec.array_elements * sizeof(std::uint32_t)) < 2)
      throw std::invalid_argument("chase needs a working set of at least 2 slots of " +
                                  std::to_string(k::kChaseSlotBytes) + " bytes");
    return std::make_unique<ChaseCase>(device, spec.array_elements);
  }
  throw std::invalid_argument(std::string("not a working-set kernel: ") + spec.kernel->name);
}

// cache_read's loads are the 16-byte vectors of its launch.
std::vector<MachineCodeClaim> working_set_claims() {
  MachineCodeClaim c;
  c.kernel = k::CacheRead::decl.name;
  c.dtype = DType::fp32;
  c.symbol = "cache_read_kernel";
  c.architectures = compiled_architectures();
  c.access_bytes = static_cast<int>(sizeof(Float4));
  return {c};
}

}  // namespace ridgeline::RL_GPU_NS
