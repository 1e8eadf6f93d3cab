// Device-clock timing of back-to-back kernel launches. Before the timed launches are
// queued, a one-thread kernel spins on a host-mapped flag and so holds the stream; the
// start event, the launches and the stop event queue up behind it, and only then does
// the host release the flag. The events therefore bracket pure device execution: how
// long the host took to enqueue stays out (the design of NVIDIA's nvbandwidth and
// nvbench's blocking kernel).
//
// Where launches are serialised (CUDA_LAUNCH_BLOCKING=1, a sanitizer, a profiler) every
// launch waits for the one before, so nothing can queue behind a hold: the hold times
// out. The timer then falls back to unheld events (start, launches, stop), which include
// the host's launch gaps, and says so in timing_mode(); every later case starts unheld.
#pragma once

#include <algorithm>
#include <atomic>
#include <optional>
#include <string>

#include "backends/gpu/gpu_api.hpp"
#include "backends/gpu/gpu_buffer.hpp"

namespace ridgeline::RL_GPU_NS {

class LaunchTimer {
 public:
  // At most this many launches queue behind one hold: a runtime's launch queue is
  // finite, and queueing more than it holds would block the host behind the held stream
  // until the hold times out (nvbench documents about 32 as safe).
  static constexpr int kMaxLaunchesPerHold = 32;
  // How long the hold waits for the host before it gives up.
  static constexpr double kHoldTimeoutSeconds = 2.0;

  // `device` picks the tick rate of the hold's timeout clock; hold = false times every
  // batch unheld (calls that block the host, which nothing can queue behind).
  LaunchTimer(gpuStream_t stream, int device, bool hold = true);

  // Seconds of device time for `calls` calls of launch(stream), queued in batches of at
  // most kMaxLaunchesPerHold behind one hold each; the batches' event intervals summed.
  template <class Launch>
  double time(int calls, Launch&& launch) {
    double seconds = 0;
    for (int done = 0; done < calls;) {
      const int batch = std::min(calls - done, kMaxLaunchesPerHold);
      std::optional<double> held;
      if (holding()) held = time_held(batch, launch);
      seconds += held ? *held : time_unheld(batch, launch);
      done += batch;
    }
    return seconds;
  }

  // One call with no hold and no timing: a case's warm-up, so its kernel is loaded
  // (lazy module loading) before it is ever queued behind a hold.
  template <class Launch>
  void launch_untimed(Launch&& launch) {
    launch(stream_);
    GPU_CHECK_LAUNCH("warm-up kernel launch");
  }

  // How this timer's samples were taken, for the record: held, or unheld and why.
  std::string timing_mode() const;

 private:
  // Queues the spinning kernel on construction and releases it on destruction, so an
  // exception between the two (a failed launch) never leaves the stream held.
  class Hold {
   public:
    explicit Hold(LaunchTimer& timer);
    ~Hold();
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;

   private:
    LaunchTimer& timer_;
  };

  bool holding() const;
  // The interval of `batch` launches behind a hold; nullopt when the hold timed out (the
  // interval then holds queueing time): the caller times the batch again, unheld.
  template <class Launch>
  std::optional<double> time_held(int batch, Launch& launch) {
    {
      Hold hold(*this);
      queue_timed(batch, launch);
    }
    GPU_CHECK(gpuEventSynchronize(stop_.get()));
    if (*hold_timed_out_.host() != 0) {
      fall_back_to_unheld();
      return std::nullopt;
    }
    return elapsed_seconds();
  }
  template <class Launch>
  double time_unheld(int batch, Launch& launch) {
    queue_timed(batch, launch);
    GPU_CHECK(gpuEventSynchronize(stop_.get()));
    return elapsed_seconds();
  }
  template <class Launch>
  void queue_timed(int batch, Launch& launch) {
    GPU_CHECK(gpuEventRecord(start_.get(), stream_));
    for (int i = 0; i < batch; ++i) launch(stream_);
    GPU_CHECK_LAUNCH("timed kernel launch");
    GPU_CHECK(gpuEventRecord(stop_.get(), stream_));
  }
  double elapsed_seconds() const;
  void fall_back_to_unheld();

  gpuStream_t stream_;
  unsigned long long timeout_ticks_ = 0;
  Event start_;
  Event stop_;
  MappedHostValue<int> release_flag_;
  MappedHostValue<int> hold_timed_out_;
  bool may_hold_ = true;
  bool fell_back_ = false;  // this timer's own hold timed out
};

// Why launches are known to be serialised in this process before any hold is tried
// (an environment variable that makes every launch blocking); empty when none is set.
std::string serialised_launches_reason();

}  // namespace ridgeline::RL_GPU_NS
