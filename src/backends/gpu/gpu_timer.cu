#include <atomic>
#include <cstdlib>
#include <cstring>

#include "backends/gpu/gpu_error.hpp"
#include "backends/gpu/gpu_timer.hpp"

namespace ridgeline::RL_GPU_NS {
namespace {

// A wall clock on the device: %globaltimer (nanoseconds) on NVIDIA, the constant-rate
// wall_clock64 counter on AMD. Not the SM clock, which runs slow when the GPU idles.
__device__ inline unsigned long long wall_ticks() {
#if defined(__HIPCC__)
#if defined(__HIP_DEVICE_COMPILE__)
  return __builtin_amdgcn_s_memrealtime();  // what wall_clock64() reads, on every CDNA
#else
  return 0;  // the host pass never runs it
#endif
#else
  unsigned long long t = 0;
  asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(t));
  return t;
#endif
}

__global__ void hold_stream(volatile int* release, int* timed_out,
                            unsigned long long timeout_ticks) {
  const unsigned long long start = wall_ticks();
  while (*release == 0) {
    if (wall_ticks() - start > timeout_ticks) {
      *timed_out = 1;
      return;
    }
  }
}

// Set once any hold in the process timed out: launches are serialised for every stream
// (the cause is process-wide), so later cases do not wait 2 s to find out again.
std::atomic<bool> g_launches_serialised{false};

bool set_to_nonzero(const char* variable) {
  const char* value = std::getenv(variable);
  return value != nullptr && *value != '\0' && std::strcmp(value, "0") != 0;
}

}  // namespace

std::string serialised_launches_reason() {
  for (const char* variable :
       {"CUDA_LAUNCH_BLOCKING", "HIP_LAUNCH_BLOCKING", "AMD_SERIALIZE_KERNEL"})
    if (set_to_nonzero(variable)) return std::string(variable) + " is set";
  return {};
}

LaunchTimer::LaunchTimer(gpuStream_t stream, int device, bool hold)
    : stream_(stream), may_hold_(hold) {
#if defined(__HIPCC__)
  int khz = 100'000;         // MI200 and MI300 run wall_clock64 at 100 MHz
#if HIP_VERSION >= 50300000  // the attribute is newer than Debian's ROCm 5.2
  if (gpuDeviceGetAttribute(&khz, gpuDevAttrWallClockRate, device) != gpuSuccess || khz <= 0) {
    static_cast<void>(gpuGetLastError());
    khz = 100'000;
  }
#else
  static_cast<void>(device);
#endif
  timeout_ticks_ = static_cast<unsigned long long>(kHoldTimeoutSeconds * khz * 1e3);
#else
  static_cast<void>(device);
  timeout_ticks_ = static_cast<unsigned long long>(kHoldTimeoutSeconds * 1e9);
#endif
}

bool LaunchTimer::holding() const {
  return may_hold_ && !fell_back_ && !g_launches_serialised.load() &&
         serialised_launches_reason().empty();
}

std::string LaunchTimer::timing_mode() const {
  if (!may_hold_)
    return "device events, unheld: each call blocks the host thread that issues it (a "
           "pageable copy), so nothing can queue behind a hold; samples include host gaps";
  if (fell_back_)
    return "device events, unheld: the stream hold timed out after 2 s, so launches are "
           "serialised here (a profiler, sanitizer or blocking launches); samples include "
           "host launch gaps";
  if (const std::string reason = serialised_launches_reason(); !reason.empty())
    return "device events, unheld: " + reason +
           " (launches serialised); samples include host "
           "launch gaps";
  if (g_launches_serialised.load())
    return "device events, unheld: an earlier case's stream hold timed out (launches "
           "serialised); samples include host launch gaps";
  return "device events, stream held until each batch of at most 32 launches is queued";
}

LaunchTimer::Hold::Hold(LaunchTimer& timer) : timer_(timer) {
  *timer_.release_flag_.host() = 0;
  *timer_.hold_timed_out_.host() = 0;
  std::atomic_thread_fence(std::memory_order_seq_cst);
  hold_stream<<<1, 1, 0, timer_.stream_>>>(timer_.release_flag_.device(),
                                           timer_.hold_timed_out_.device(), timer_.timeout_ticks_);
  GPU_CHECK_LAUNCH("hold_stream launch");
}

LaunchTimer::Hold::~Hold() {
  std::atomic_thread_fence(std::memory_order_seq_cst);
  *timer_.release_flag_.host() = 1;
}

double LaunchTimer::elapsed_seconds() const {
  float milliseconds = 0;
  GPU_CHECK(gpuEventElapsedTime(&milliseconds, start_.get(), stop_.get()));
  return static_cast<double>(milliseconds) * 1e-3;
}

void LaunchTimer::fall_back_to_unheld() {
  fell_back_ = true;
  g_launches_serialised.store(true);
}

}  // namespace ridgeline::RL_GPU_NS
