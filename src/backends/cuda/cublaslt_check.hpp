// cuBLASLt status codes as the harness's exceptions, as gpu_api.hpp does for runtime
// errors: out of memory skips the benchmark, anything else fails it with the status name.
#pragma once

#include <cublasLt.h>

#include <string>

#include "backends/cuda/cublaslt_library.hpp"
#include "backends/gpu/gpu_api.hpp"
#include "backends/gpu/gpu_error.hpp"

namespace ridgeline::cuda {

inline gpu::ErrorKind classify(cublasStatus_t status) {
  return status == CUBLAS_STATUS_ALLOC_FAILED ? gpu::ErrorKind::out_of_memory
                                              : gpu::ErrorKind::recoverable;
}

// A kernel of the library that faulted leaves a sticky runtime error behind, which the
// runtime reports first (DeviceLost); otherwise the status decides.
inline void check_cublas(cublasStatus_t status, const char* call) {
  if (status == CUBLAS_STATUS_SUCCESS) return;
  if (status == CUBLAS_STATUS_EXECUTION_FAILED) {
    const cudaError_t runtime = cudaGetLastError();
    if (classify(runtime) == gpu::ErrorKind::sticky) check(runtime, call);
  }
  // The library's own description where it is loaded; the name alone otherwise.
  const CublasLtApi* api = cublaslt().api;
  std::string text = status_name(status);
  if (api != nullptr) text += std::string(": ") + api->get_status_string(status);
  gpu::throw_gpu_error(classify(status), call, text);
}

}  // namespace ridgeline::cuda

// CUBLASLT_CHECK(cublasLtMatmul(...)) throws "cublasLtMatmul(...): CUBLAS_STATUS_...: ...".
#define CUBLASLT_CHECK(call) ::ridgeline::cuda::check_cublas((call), #call)
