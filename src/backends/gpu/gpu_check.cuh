// Verification on the device: a kernel compares every output value with a model that
// repeats with a short period (the gold model replayed on the host, uploaded as a
// table), counts the mismatches, keeps the largest error and the first bad index, so
// gigabytes of output are checked without copying them back. The counts become a
// Verification through the one comparer (core/verification.hpp).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "backends/gpu/gpu_buffer.hpp"
#include "core/verification.hpp"

namespace ridgeline::RL_GPU_NS {

struct MismatchCounters {
  unsigned long long count;
  unsigned long long first_bad;
  // The largest |got - expected| as the bits of a non-negative double, which order like
  // the values, so atomicMax keeps the largest; +inf for a NaN.
  unsigned long long max_error_bits;
};

template <class T>
__global__ void count_periodic_mismatches(const T* out, std::uint64_t n, const T* table,
                                          std::uint64_t period, MismatchCounters* counters) {
  const std::uint64_t stride = static_cast<std::uint64_t>(gridDim.x) * blockDim.x;
  for (std::uint64_t i = static_cast<std::uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
       i += stride) {
    const T expected = table[i % period];
    const T got = out[i];
    if (got == expected) continue;  // NaN compares unequal, so it never passes
    const double error = fabs(static_cast<double>(got) - static_cast<double>(expected));
    const double shown = error == error ? error : INFINITY;
    atomicAdd(&counters->count, 1ULL);
    atomicMin(&counters->first_bad, static_cast<unsigned long long>(i));
    atomicMax(&counters->max_error_bits,
              static_cast<unsigned long long>(__double_as_longlong(shown)));
  }
}

// Compares out[i] with table[i % table.size()] for every i < n, exactly.
template <class T>
Comparison compare_periodic_on_device(const T* out, std::uint64_t n, const std::vector<T>& table,
                                      int sms, gpuStream_t stream) {
  DeviceBuffer<T> expected(table.size());
  GPU_CHECK(gpuMemcpyAsync(expected.data(), table.data(), expected.bytes(), gpuMemcpyHostToDevice,
                           stream));
  DeviceBuffer<MismatchCounters> counters(1);
  const MismatchCounters init{0, ~0ULL, 0};
  GPU_CHECK(gpuMemcpyAsync(counters.data(), &init, sizeof(init), gpuMemcpyHostToDevice, stream));
  count_periodic_mismatches<<<static_cast<unsigned>(sms * 8), 256, 0, stream>>>(
      out, n, expected.data(), table.size(), counters.data());
  GPU_CHECK_LAUNCH("count_periodic_mismatches launch");
  GPU_CHECK(gpuStreamSynchronize(stream));
  const MismatchCounters result = counters.read(0);
  double max_error = 0;
  std::memcpy(&max_error, &result.max_error_bits, sizeof(max_error));
  double got = 0;
  double want = 0;
  if (result.count != 0) {
    T value{};
    GPU_CHECK(gpuMemcpy(&value, out + result.first_bad, sizeof(T), gpuMemcpyDeviceToHost));
    got = static_cast<double>(value);
    want = static_cast<double>(table[result.first_bad % table.size()]);
  }
  return Comparison::from_counts(n, result.count, max_error, 0, result.first_bad, got, want);
}

}  // namespace ridgeline::RL_GPU_NS
