// Device-clock timing of back-to-back kernel launches. Before the timed launches are
// queued, a one-thread kernel spins on a host-mapped flag and so holds the stream; the
// start event, the launches and the stop event queue up behind it, and only then does
// the host release the flag. The events therefore bracket pure device execution: how
// long the host took to enqueue stays out (the design of NVIDIA's nvbandwidth).
#pragma once

#include <atomic>

#include "backends/gpu/gpu_api.hpp"
#include "backends/gpu/gpu_buffer.hpp"

namespace ridgeline::RL_GPU_NS {

class LaunchTimer {
 public:
  explicit LaunchTimer(gpuStream_t stream) : stream_(stream) {}

  // Seconds of device time for `calls` calls of launch(stream). Launches are queued in
  // batches (a runtime's launch queue is finite: queueing more than it holds behind a
  // held stream would block the host and stall until the hold times out); the sum of
  // the batches' event intervals is returned.
  template <class Launch>
  double time(int calls, Launch&& launch) {
    double seconds = 0;
    for (int done = 0; done < calls;) {
      const int batch = calls - done < kMaxQueuedLaunches ? calls - done : kMaxQueuedLaunches;
      hold();
      GPU_CHECK(gpuEventRecord(start_.get(), stream_));
      for (int i = 0; i < batch; ++i) launch(stream_);
      GPU_CHECK_LAUNCH("timed kernel launch");
      GPU_CHECK(gpuEventRecord(stop_.get(), stream_));
      release();
      GPU_CHECK(gpuEventSynchronize(stop_.get()));
      check_hold_completed();
      float milliseconds = 0;
      GPU_CHECK(gpuEventElapsedTime(&milliseconds, start_.get(), stop_.get()));
      seconds += static_cast<double>(milliseconds) * 1e-3;
      done += batch;
    }
    return seconds;
  }

 private:
  static constexpr int kMaxQueuedLaunches = 256;

  void hold();  // queues the spinning kernel (gpu_timer.cu)
  void release() {
    std::atomic_thread_fence(std::memory_order_seq_cst);
    *release_flag_.host() = 1;
  }
  // A hold that gave up (the host took seconds to queue) would put queueing time into
  // the interval: that sample is an error, not a number.
  void check_hold_completed() const;

  gpuStream_t stream_;
  Event start_;
  Event stop_;
  MappedHostValue<int> release_flag_;
  MappedHostValue<int> hold_timed_out_;
};

}  // namespace ridgeline::RL_GPU_NS
