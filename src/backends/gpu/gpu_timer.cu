#include "backends/gpu/gpu_error.hpp"
#include "backends/gpu/gpu_timer.hpp"

namespace ridgeline::RL_GPU_NS {
namespace {

// About 10 s at 2 GHz: far beyond any batch's queueing time, short enough that a host
// that died mid-batch does not leave the GPU spinning for long.
constexpr long long kHoldTimeoutCycles = 20'000'000'000LL;

__global__ void hold_stream(volatile int* release, int* timed_out, long long max_cycles) {
  const long long start = clock64();
  while (*release == 0) {
    if (clock64() - start > max_cycles) {
      *timed_out = 1;
      return;
    }
  }
}

}  // namespace

void LaunchTimer::hold() {
  *release_flag_.host() = 0;
  *hold_timed_out_.host() = 0;
  std::atomic_thread_fence(std::memory_order_seq_cst);
  hold_stream<<<1, 1, 0, stream_>>>(release_flag_.device(), hold_timed_out_.device(),
                                    kHoldTimeoutCycles);
  GPU_CHECK_LAUNCH("hold_stream launch");
}

void LaunchTimer::check_hold_completed() const {
  if (*hold_timed_out_.host() != 0)
    throw gpu::GpuError(
        "the stream-holding kernel timed out before the timed launches were queued; sample "
        "discarded");
}

}  // namespace ridgeline::RL_GPU_NS
