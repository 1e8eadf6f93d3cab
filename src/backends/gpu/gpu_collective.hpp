// The GPU backend's collective transport: NCCL on CUDA, RCCL on HIP (gpu_collective.cu).
#pragma once

#include <memory>
#include <string>

#include "backends/collective_transport.hpp"
#include "backends/gpu/gpu_case.hpp"

namespace ridgeline::RL_GPU_NS {

// A communicator of `size` ranks on `device`, this one `rank`; nullptr with `why_not` when
// the library is missing or the communicator cannot be made.
std::unique_ptr<CollectiveTransport> make_collective_transport(const DeviceContext& device,
                                                               int rank, int size,
                                                               const ShareBytes& share,
                                                               std::string& why_not);

}  // namespace ridgeline::RL_GPU_NS
