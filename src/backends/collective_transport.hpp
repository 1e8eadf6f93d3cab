// What carries a collective between ranks: MPI between host processes
// (fleet/mpi_collective_transport.hpp), NCCL or RCCL between GPUs
// (backends/gpu/gpu_collective.cu). The collective benchmark itself (barrier, timing over
// ranks, verification) is the same for all: fleet/collective_backend.hpp.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "kernels/collective.hpp"

namespace ridgeline {

// A rank's send and receive buffers, in the memory the transport moves (host for MPI,
// the device for NCCL), fp32.
class CollectiveBuffers {
 public:
  virtual ~CollectiveBuffers() = default;
  virtual void write_send(std::span<const float> values) = 0;
  virtual void fill_receive(float value) = 0;
  virtual void read_receive(std::span<float> out) = 0;
};

struct CollectiveTiming {
  double seconds = 0;          // this rank's wall time for all the calls
  double in_call_seconds = 0;  // of which inside the collective (MPI) or on the device (NCCL)
};

class CollectiveTransport {
 public:
  virtual ~CollectiveTransport() = default;
  virtual std::string name() const = 0;  // "mpi", "nccl", "rccl"
  // The library that carries it: "Open MPI v4.1.4", "NCCL 2.28.3".
  virtual std::string library() const = 0;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  virtual std::unique_ptr<CollectiveBuffers> allocate(std::uint64_t send_elements,
                                                      std::uint64_t receive_elements) = 0;
  // `calls` collectives back to back (count as kernels::collective_counts gives it);
  // `before_call` runs on the host before each one.
  virtual CollectiveTiming run(kernels::CollectiveOp op, CollectiveBuffers& buffers,
                               std::uint64_t count, int calls,
                               const std::function<void()>& before_call) = 0;
};

// Hands rank 0's bytes (NCCL's unique id) to every rank: the fleet's rank group does it.
using ShareBytes = std::function<void(void* data, std::size_t bytes)>;

}  // namespace ridgeline
