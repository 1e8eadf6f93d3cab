// Host <-> device copies (kernels/transfer.hpp) on CUDA and HIP from one source: by the
// copy engines (the runtime's memcpy) from pinned or pageable host memory, or by an SM
// copy kernel that loads and stores pinned host memory mapped into the device's address
// space. A bidirectional copy keeps one copy in flight each way: two streams for the
// copy engines, half the blocks each way for the kernel.
//
// Verification: every destination starts poisoned (a value no copy produces), and the
// calls alternate between two sources (kernels::init_a, then init_b), so after the run
// each destination must hold, element for element, the source of the last call: a copy
// that never ran, ran short or copied the wrong buffer shows.
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "backends/gpu/device_limits.hpp"
#include "backends/gpu/gpu_cases.hpp"
#include "backends/gpu/gpu_check.cuh"
#include "backends/gpu/gpu_vector.cuh"
#include "core/transfer.hpp"
#include "kernels/stream.hpp"
#include "kernels/transfer.hpp"

namespace ridgeline::RL_GPU_NS {
namespace {
namespace k = kernels;

constexpr int kCopyThreads = 256;
constexpr int kCopyVectorFloats = 4;
using Float4 = Vec<float, kCopyVectorFloats>;
// What every destination holds before the first copy: no source has a negative value.
constexpr float kPoison = -1.0f;

// Host memory of one kind: pinned (page-locked and mapped, so a kernel can address it)
// or pageable (ordinary memory, staged by the runtime).
class HostArray {
 public:
  HostArray(std::uint64_t n, HostMemory kind) {
    if (kind == HostMemory::pinned) {
      GPU_CHECK(
          gpuHostAlloc(reinterpret_cast<void**>(&pinned_), n * sizeof(float), gpuHostAllocMapped));
      GPU_CHECK(gpuHostGetDevicePointer(reinterpret_cast<void**>(&mapped_), pinned_, 0));
    } else {
      pageable_.resize(n);
    }
  }
  ~HostArray() {
    if (pinned_ != nullptr) static_cast<void>(gpuFreeHost(pinned_));
  }
  HostArray(const HostArray&) = delete;
  HostArray& operator=(const HostArray&) = delete;

  float* data() { return pinned_ != nullptr ? pinned_ : pageable_.data(); }
  float* device_view() const { return mapped_; }  // null for pageable memory

 private:
  float* pinned_ = nullptr;
  float* mapped_ = nullptr;
  std::vector<float> pageable_;
};

// One source and destination pair of a copy, as the device addresses them.
struct CopyPair {
  const Float4* source;
  Float4* destination;
};

// The SM copy: `pairs` copies of `vectors` 16-byte vectors, the grid split evenly
// between them (one pair: every block; two: half the blocks each way).
__global__ void __launch_bounds__(kCopyThreads)
    sm_copy_kernel(CopyPair first, CopyPair second, int pairs, std::uint64_t vectors) {
  const unsigned blocks_per_pair = gridDim.x / pairs;
  const bool second_pair = pairs == 2 && blockIdx.x >= blocks_per_pair;
  const CopyPair p = second_pair ? second : first;
  const unsigned block = second_pair ? blockIdx.x - blocks_per_pair : blockIdx.x;
  const std::uint64_t stride = static_cast<std::uint64_t>(blocks_per_pair) * blockDim.x;
  for (std::uint64_t i = static_cast<std::uint64_t>(block) * blockDim.x + threadIdx.x; i < vectors;
       i += stride)
    p.destination[i] = p.source[i];
}

__global__ void fill_device(float* out, std::uint64_t n, int pattern, float poison) {
  const GridStride g = grid_stride();
  for (std::uint64_t i = g.first; i < n; i += g.stride)
    out[i] = pattern == 0 ? k::init_a<float>(i) : pattern == 1 ? k::init_b<float>(i) : poison;
}

float source_value(int pattern, std::uint64_t i) {
  return pattern == 0 ? k::init_a<float>(i) : k::init_b<float>(i);
}

// One direction: two sources (the calls alternate) and a destination, on either side.
struct Direction {
  bool to_device = true;
  std::unique_ptr<HostArray> host_sources[2];
  std::unique_ptr<HostArray> host_destination;
  DeviceBuffer<float> device_sources[2];
  DeviceBuffer<float> device_destination;
};

class TransferCase final : public GpuCase {
 public:
  TransferCase(const DeviceContext& device, std::uint64_t n, bool to_device, bool from_device,
               TransferParams how)
      : GpuCase(device, /*flush_l2=*/false, /*hold=*/how.host == HostMemory::pinned),
        n_(n / kCopyVectorFloats * kCopyVectorFloats),
        how_(how) {
    if (n_ == 0) throw std::invalid_argument("a copy needs at least 4 elements");
    use_device(device.ordinal);
    if (to_device) directions_.push_back(make_direction(true));
    if (from_device) directions_.push_back(make_direction(false));
    GPU_CHECK(gpuStreamSynchronize(stream()));
    if (how_.engine == CopyEngine::sm_kernel) {
      int blocks_per_sm = 0;
      GPU_CHECK(gpuOccupancyMaxActiveBlocksPerMultiprocessor(
          &blocks_per_sm, reinterpret_cast<const void*>(sm_copy_kernel), kCopyThreads, 0));
      blocks_ = static_cast<unsigned>(std::max(blocks_per_sm, 1) * device.sms) /
                static_cast<unsigned>(directions_.size()) *
                static_cast<unsigned>(directions_.size());
    }
    if (directions_.size() == 2 && how_.engine == CopyEngine::copy_engine) {
      second_stream_.emplace();
      issued_.emplace();
      returned_.emplace();
    }
  }

  std::uint64_t work_count() const override { return n_; }
  PhysicalLimits physical_limits() const override {
    return gpu::host_link_limits(static_cast<int>(directions_.size()));
  }
  void plant_wrong_value() override {
    Direction& d = directions_.front();
    if (d.to_device)
      flip_device_byte(d.device_destination.data());
    else
      d.host_destination->data()[0] += 1.0f;
  }

 protected:
  void launch(gpuStream_t stream) override {
    const int source = static_cast<int>(launches_++ % 2);
    if (how_.engine == CopyEngine::sm_kernel) {
      CopyPair pairs[2] = {pair(directions_[0], source), {}};
      if (directions_.size() == 2) pairs[1] = pair(directions_[1], source);
      sm_copy_kernel<<<blocks_, kCopyThreads, 0, stream>>>(
          pairs[0], pairs[1], static_cast<int>(directions_.size()), n_ / kCopyVectorFloats);
      return;
    }
    if (directions_.size() == 1) {
      copy_engine(directions_[0], source, stream);
      return;
    }
    // Both directions at once: the second stream starts after everything before this
    // call on `stream` and `stream` waits for it, so the call is one interval.
    GPU_CHECK(gpuEventRecord(issued_->get(), stream));
    GPU_CHECK(gpuStreamWaitEvent(second_stream_->get(), issued_->get(), 0));
    copy_engine(directions_[0], source, stream);
    copy_engine(directions_[1], source, second_stream_->get());
    GPU_CHECK(gpuEventRecord(returned_->get(), second_stream_->get()));
    GPU_CHECK(gpuStreamWaitEvent(stream, returned_->get(), 0));
  }

  // Each destination against the source of the last call, every element.
  Verification check() override {
    if (second_stream_) GPU_CHECK(gpuStreamSynchronize(second_stream_->get()));
    const int pattern = static_cast<int>((launches_ + 1) % 2);  // the last call's source
    Comparison all;
    for (Direction& d : directions_) {
      if (d.to_device) {
        std::vector<float> table(k::kPatternPeriod);
        for (std::uint64_t i = 0; i < table.size(); ++i) table[i] = source_value(pattern, i);
        all.merge(compare_periodic_on_device(d.device_destination.data(), n_, table, device().sms,
                                             stream()));
      } else {
        const float* got = d.host_destination->data();
        std::uint64_t mismatches = 0;
        std::uint64_t first = 0;
        double max_error = 0;
        for (std::uint64_t i = n_; i-- > 0;) {
          const float want = source_value(pattern, i);
          if (got[i] == want) continue;
          ++mismatches;
          first = i;
          const double error = std::fabs(static_cast<double>(got[i]) - want);
          max_error = std::max(max_error, std::isnan(error) ? INFINITY : error);
        }
        all.merge(Comparison::from_counts(n_, mismatches, max_error, 0, first,
                                          mismatches ? got[first] : 0,
                                          mismatches ? source_value(pattern, first) : 0));
      }
    }
    return all.result("copied elements");
  }

  Params describe() const override {
    Params config{{param_keys::kTransferHost, to_string(how_.host)},
                  {param_keys::kTransferEngine, to_string(how_.engine)},
                  {"directions", static_cast<int>(directions_.size())},
                  {"bytes_counted", "each byte once, in the direction it crosses the link"},
                  {"verification", "every destination element against the last call's source"}};
    if (how_.engine == CopyEngine::sm_kernel) {
      config["grid_blocks"] = blocks_;
      config[param_keys::kThreadsPerBlock] = kCopyThreads;
      config[param_keys::kAccessBytes] = static_cast<int>(sizeof(Float4));
    } else {
      config["copy"] = directions_.size() == 2 ? "gpuMemcpyAsync on two streams, one each way"
                                               : "gpuMemcpyAsync";
    }
    return config;
  }

 private:
  Direction make_direction(bool to_device) {
    Direction d;
    d.to_device = to_device;
    const unsigned blocks = static_cast<unsigned>(device().sms * 8);
    if (to_device) {
      for (int s = 0; s < 2; ++s) {
        d.host_sources[s] = std::make_unique<HostArray>(n_, how_.host);
        float* host = d.host_sources[s]->data();
        for (std::uint64_t i = 0; i < n_; ++i) host[i] = source_value(s, i);
      }
      d.device_destination = DeviceBuffer<float>(n_);
      fill_device<<<blocks, 256, 0, stream()>>>(d.device_destination.data(), n_, 2, kPoison);
      GPU_CHECK_LAUNCH("fill_device launch");
    } else {
      for (int s = 0; s < 2; ++s) {
        d.device_sources[s] = DeviceBuffer<float>(n_);
        fill_device<<<blocks, 256, 0, stream()>>>(d.device_sources[s].data(), n_, s, kPoison);
        GPU_CHECK_LAUNCH("fill_device launch");
      }
      d.host_destination = std::make_unique<HostArray>(n_, how_.host);
      std::fill_n(d.host_destination->data(), n_, kPoison);
    }
    return d;
  }

  CopyPair pair(const Direction& d, int source) const {
    if (d.to_device)
      return {reinterpret_cast<const Float4*>(d.host_sources[source]->device_view()),
              reinterpret_cast<Float4*>(d.device_destination.data())};
    return {reinterpret_cast<const Float4*>(d.device_sources[source].data()),
            reinterpret_cast<Float4*>(d.host_destination->device_view())};
  }

  void copy_engine(Direction& d, int source, gpuStream_t stream) {
    const std::uint64_t bytes = n_ * sizeof(float);
    if (d.to_device)
      GPU_CHECK(gpuMemcpyAsync(d.device_destination.data(), d.host_sources[source]->data(), bytes,
                               gpuMemcpyHostToDevice, stream));
    else
      GPU_CHECK(gpuMemcpyAsync(d.host_destination->data(), d.device_sources[source].data(), bytes,
                               gpuMemcpyDeviceToHost, stream));
  }

  std::uint64_t n_;
  TransferParams how_;
  unsigned blocks_ = 0;
  std::uint64_t launches_ = 0;
  std::vector<Direction> directions_;
  std::optional<Stream> second_stream_;
  std::optional<Event> issued_;
  std::optional<Event> returned_;
};

}  // namespace

std::unique_ptr<PreparedCase> make_transfer_case(const DeviceContext& device,
                                                 const CaseSpec& spec) {
  const std::string_view name = spec.kernel->name;
  const TransferParams how = spec.transfer;
  if (how.engine == CopyEngine::sm_kernel && how.host == HostMemory::pageable)
    throw SkipCase("an SM copy kernel cannot address pageable host memory");
  if (name == k::HostToDevice::decl.name)
    return std::make_unique<TransferCase>(device, spec.array_elements, true, false, how);
  if (name == k::DeviceToHost::decl.name)
    return std::make_unique<TransferCase>(device, spec.array_elements, false, true, how);
  if (name == k::Bidirectional::decl.name) {
    if (how.host == HostMemory::pageable)
      throw SkipCase(
          "a pageable copy blocks its host thread: one thread cannot keep both "
          "directions in flight");
    return std::make_unique<TransferCase>(device, spec.array_elements, true, true, how);
  }
  throw std::invalid_argument(std::string("not a transfer kernel: ") + spec.kernel->name);
}

}  // namespace ridgeline::RL_GPU_NS
