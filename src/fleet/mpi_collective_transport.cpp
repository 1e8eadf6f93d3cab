#include "fleet/mpi_collective_transport.hpp"

#include <algorithm>
#include <chrono>
#include <vector>

namespace ridgeline::fleet {
namespace {

class HostBuffers final : public CollectiveBuffers {
 public:
  HostBuffers(std::uint64_t send, std::uint64_t receive) : send_(send), receive_(receive) {}
  void write_send(std::span<const float> values) override {
    std::copy_n(values.begin(), std::min(values.size(), send_.size()), send_.begin());
  }
  void fill_receive(float value) override { std::fill(receive_.begin(), receive_.end(), value); }
  void read_receive(std::span<float> out) override {
    std::copy_n(receive_.begin(), std::min(out.size(), receive_.size()), out.begin());
  }
  const float* send() const { return send_.data(); }
  void copy_send_to_receive() {
    std::copy_n(send_.begin(), std::min(send_.size(), receive_.size()), receive_.begin());
  }
  float* receive() { return receive_.data(); }

 private:
  std::vector<float> send_;
  std::vector<float> receive_;
};

class MpiTransport final : public CollectiveTransport {
 public:
  explicit MpiTransport(std::shared_ptr<mpi::MpiWorld> world) : world_(std::move(world)) {}
  std::string name() const override { return "mpi"; }
  std::string library() const override { return world_->library_version(); }
  int rank() const override { return world_->rank(); }
  int size() const override { return world_->size(); }
  std::unique_ptr<CollectiveBuffers> allocate(std::uint64_t send, std::uint64_t receive) override {
    return std::make_unique<HostBuffers>(send, receive);
  }
  CollectiveTiming run(kernels::CollectiveOp op, CollectiveBuffers& buffers, std::uint64_t count,
                       int calls, const std::function<void()>& before_call) override {
    auto& host = dynamic_cast<HostBuffers&>(buffers);
    const auto start = std::chrono::steady_clock::now();
    CollectiveTiming t;
    t.in_call_seconds =
        world_->collective(op, host.send(), host.receive(), count, calls, before_call);
    t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // MPI_Bcast leaves the root's receive buffer alone; ncclBroadcast fills it. The copy
    // keeps the two alike for verification, outside the timed calls.
    if (op == kernels::CollectiveOp::broadcast && rank() == kernels::kBroadcastRoot)
      host.copy_send_to_receive();
    return t;
  }

 private:
  std::shared_ptr<mpi::MpiWorld> world_;
};

}  // namespace

std::unique_ptr<CollectiveTransport> make_mpi_collective_transport(
    std::shared_ptr<mpi::MpiWorld> world) {
  return std::make_unique<MpiTransport>(std::move(world));
}

}  // namespace ridgeline::fleet
