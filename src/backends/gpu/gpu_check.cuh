// Verification on the device: a kernel compares every output value with the host
// model evaluated in place (the model is RL_HOST_DEVICE code from kernels/), counts
// the mismatches and keeps the first bad index, so gigabytes of output are checked
// without copying them back.
#pragma once

#include <cstdint>
#include <sstream>
#include <string>

#include "backends/gpu/gpu_buffer.hpp"
#include "core/verification.hpp"

namespace ridgeline::RL_GPU_NS {

struct MismatchCounters {
  unsigned long long count;
  unsigned long long first_bad;
};

// expected(i) is a __host__ __device__ callable; exact comparison (NaN never passes).
template <class T, class Expected>
__global__ void count_mismatches(const T* out, std::uint64_t n, Expected expected,
                                 MismatchCounters* counters) {
  const std::uint64_t stride = static_cast<std::uint64_t>(gridDim.x) * blockDim.x;
  for (std::uint64_t i = static_cast<std::uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
       i += stride) {
    if (!(out[i] == expected(i))) {
      atomicAdd(&counters->count, 1ULL);
      atomicMin(&counters->first_bad, static_cast<unsigned long long>(i));
    }
  }
}

// Runs count_mismatches over `out` and turns the counters into a Verification whose
// detail names the first bad index with the expected and the stored value.
template <class T, class Expected>
Verification verify_on_device(const DeviceBuffer<T>& out, std::uint64_t n, Expected expected,
                              int sms, gpuStream_t stream) {
  DeviceBuffer<MismatchCounters> counters(1);
  const MismatchCounters init{0, ~0ULL};
  GPU_CHECK(gpuMemcpyAsync(counters.data(), &init, sizeof(init), gpuMemcpyHostToDevice, stream));
  count_mismatches<<<static_cast<unsigned>(sms * 8), 256, 0, stream>>>(out.data(), n, expected,
                                                                       counters.data());
  GPU_CHECK_LAUNCH("count_mismatches launch");
  GPU_CHECK(gpuStreamSynchronize(stream));
  const MismatchCounters result = counters.read(0);

  Verification v;
  v.checked = n;
  v.mismatches = result.count;
  v.tolerance = 0;
  v.verdict = result.count == 0 ? Verdict::pass : Verdict::fail;
  if (result.count != 0) {
    std::ostringstream detail;
    detail.precision(17);
    detail << result.count << " of " << n << " values differ; first at index " << result.first_bad
           << ": expected " << static_cast<double>(expected(result.first_bad)) << ", got "
           << static_cast<double>(out.read(result.first_bad));
    v.detail = detail.str();
  }
  return v;
}

}  // namespace ridgeline::RL_GPU_NS
