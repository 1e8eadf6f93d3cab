// Factories of the GPU backend: the one source in this folder compiled by nvcc gives
// make_cuda_backend, compiled by hipcc make_hip_backend. Plain C++ so the registry
// (compiled by the host compiler) can include it.
#pragma once

#include <memory>

#include "backends/backend.hpp"

namespace ridgeline {

std::unique_ptr<Backend> make_cuda_backend();
std::unique_ptr<Backend> make_hip_backend();

}  // namespace ridgeline
