// Collectives between GPUs through NCCL (CUDA) or RCCL (HIP), opened at run time
// (nccl_library.hpp): one communicator per device, rank 0's unique id handed to the other
// ranks by the fleet (MPI, or the threads of --device cuda:all). Buffers live in device
// memory; each timed batch is bracketed by device events on the communicator's stream, so
// `in_call_seconds` is device time (a rank whose peers arrive late spends longer there,
// as MPI's time inside the call does) and `seconds` the host's wall time of the batch.
// All-to-all is a group of sends and receives, as nccl-tests builds it.
#include <chrono>
#include <vector>

#include "backends/gpu/gpu_collective.hpp"
#include "backends/gpu/nccl_library.hpp"

namespace ridgeline::RL_GPU_NS {
namespace {

#if defined(__HIPCC__)
constexpr gpu::NcclFlavour kFlavour = gpu::NcclFlavour::rccl;
constexpr const char* kTransportName = "rccl";
#else
constexpr gpu::NcclFlavour kFlavour = gpu::NcclFlavour::nccl;
constexpr const char* kTransportName = "nccl";
#endif

class NcclError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class DeviceCollectiveBuffers final : public CollectiveBuffers {
 public:
  DeviceCollectiveBuffers(int ordinal, std::uint64_t send, std::uint64_t receive)
      : ordinal_(ordinal), send_(send), receive_(receive) {}
  void write_send(std::span<const float> values) override {
    use_device(ordinal_);
    GPU_CHECK(gpuMemcpy(send_.data(), values.data(), values.size_bytes(), gpuMemcpyHostToDevice));
  }
  void fill_receive(float value) override {
    use_device(ordinal_);
    const std::vector<float> host(receive_.size(), value);
    GPU_CHECK(gpuMemcpy(receive_.data(), host.data(), receive_.bytes(), gpuMemcpyHostToDevice));
  }
  void read_receive(std::span<float> out) override {
    use_device(ordinal_);
    GPU_CHECK(gpuMemcpy(out.data(), receive_.data(), out.size_bytes(), gpuMemcpyDeviceToHost));
  }
  const float* send() const { return send_.data(); }
  float* receive() const { return receive_.data(); }

 private:
  int ordinal_;
  DeviceBuffer<float> send_;
  DeviceBuffer<float> receive_;
};

class NcclTransport final : public CollectiveTransport {
 public:
  NcclTransport(const DeviceContext& device, std::unique_ptr<gpu::NcclLibrary> library, int rank,
                int size, const ShareBytes& share)
      : device_(device),
        selected_(select(device.ordinal)),
        library_(std::move(library)),
        rank_(rank),
        size_(size) {
    const gpu::NcclApi& api = library_->api();
    gpu::NcclUniqueId id{};
    if (rank_ == 0) check(api.get_unique_id(&id), "ncclGetUniqueId");
    share(&id, sizeof id);
    check(api.comm_init_rank(&comm_, size_, id, rank_), "ncclCommInitRank");
  }
  ~NcclTransport() override {
    if (comm_ != nullptr) {
      use_device(device_.ordinal);
      static_cast<void>(library_->api().comm_destroy(comm_));
    }
  }
  NcclTransport(const NcclTransport&) = delete;
  NcclTransport& operator=(const NcclTransport&) = delete;

  std::string name() const override { return kTransportName; }
  std::string library() const override { return library_->version_text(); }
  int rank() const override { return rank_; }
  int size() const override { return size_; }

  std::unique_ptr<CollectiveBuffers> allocate(std::uint64_t send, std::uint64_t receive) override {
    use_device(device_.ordinal);
    return std::make_unique<DeviceCollectiveBuffers>(device_.ordinal, send, receive);
  }

  CollectiveTiming run(kernels::CollectiveOp op, CollectiveBuffers& buffers, std::uint64_t count,
                       int calls, const std::function<void()>& before_call) override {
    use_device(device_.ordinal);
    auto& b = dynamic_cast<DeviceCollectiveBuffers&>(buffers);
    GPU_CHECK(gpuStreamSynchronize(stream_.get()));
    const auto start = std::chrono::steady_clock::now();
    GPU_CHECK(gpuEventRecord(begin_.get(), stream_.get()));
    for (int i = 0; i < calls; ++i) {
      if (before_call) before_call();
      enqueue(op, b, count);
    }
    GPU_CHECK(gpuEventRecord(end_.get(), stream_.get()));
    GPU_CHECK(gpuEventSynchronize(end_.get()));
    CollectiveTiming t;
    t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    float milliseconds = 0;
    GPU_CHECK(gpuEventElapsedTime(&milliseconds, begin_.get(), end_.get()));
    t.in_call_seconds = static_cast<double>(milliseconds) * 1e-3;
    return t;
  }

 private:
  // Makes the device current before the stream and events below are created on it.
  static int select(int ordinal) {
    use_device(ordinal);
    return ordinal;
  }

  void check(gpu::NcclResult r, const char* call) const {
    if (r != gpu::kNcclSuccess) throw NcclError(std::string(call) + ": " + library_->error_text(r));
  }

  void enqueue(kernels::CollectiveOp op, DeviceCollectiveBuffers& b, std::uint64_t count) {
    const gpu::NcclApi& api = library_->api();
    const auto n = static_cast<std::size_t>(count);
    void* stream = stream_.get();
    switch (op) {
      case kernels::CollectiveOp::all_reduce:
        check(api.all_reduce(b.send(), b.receive(), n, gpu::kNcclFloat32, gpu::kNcclSum, comm_,
                             stream),
              "ncclAllReduce");
        return;
      case kernels::CollectiveOp::all_gather:
        check(api.all_gather(b.send(), b.receive(), n, gpu::kNcclFloat32, comm_, stream),
              "ncclAllGather");
        return;
      case kernels::CollectiveOp::reduce_scatter:
        check(api.reduce_scatter(b.send(), b.receive(), n, gpu::kNcclFloat32, gpu::kNcclSum, comm_,
                                 stream),
              "ncclReduceScatter");
        return;
      case kernels::CollectiveOp::all_to_all:
        check(api.group_start(), "ncclGroupStart");
        for (int peer = 0; peer < size_; ++peer) {
          const std::size_t offset = static_cast<std::size_t>(peer) * n;
          check(api.send(b.send() + offset, n, gpu::kNcclFloat32, peer, comm_, stream), "ncclSend");
          check(api.recv(b.receive() + offset, n, gpu::kNcclFloat32, peer, comm_, stream),
                "ncclRecv");
        }
        check(api.group_end(), "ncclGroupEnd");
        return;
      case kernels::CollectiveOp::broadcast:
        check(api.broadcast(b.send(), b.receive(), n, gpu::kNcclFloat32, kernels::kBroadcastRoot,
                            comm_, stream),
              "ncclBroadcast");
        return;
    }
  }

  const DeviceContext& device_;
  int selected_;
  std::unique_ptr<gpu::NcclLibrary> library_;
  int rank_;
  int size_;
  gpu::NcclComm comm_ = nullptr;
  Stream stream_;
  Event begin_;
  Event end_;
};

}  // namespace

std::unique_ptr<CollectiveTransport> make_collective_transport(const DeviceContext& device,
                                                               int rank, int size,
                                                               const ShareBytes& share,
                                                               std::string& why_not) {
  auto library = gpu::NcclLibrary::open(kFlavour, why_not);
  if (!library) return nullptr;
  try {
    return std::make_unique<NcclTransport>(device, std::move(library), rank, size, share);
  } catch (const std::exception& e) {
    why_not = e.what();
    return nullptr;
  }
}

}  // namespace ridgeline::RL_GPU_NS
