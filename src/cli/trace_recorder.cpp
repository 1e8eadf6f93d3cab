#include "cli/trace_recorder.hpp"

namespace ridgeline::cli {

TraceRecorder::TraceRecorder(Backend& backend, DeviceInfo device, double interval_seconds,
                             std::chrono::steady_clock::time_point started)
    : backend_(backend),
      device_(std::move(device)),
      interval_seconds_(interval_seconds),
      started_(started) {
  trace_.source = backend_.hardware_source();
  trace_.interval_seconds = interval_seconds_;
  thread_ = std::thread([this] { sample_until_stopped(); });
}

TraceRecorder::~TraceRecorder() { stop(); }

void TraceRecorder::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_requested_.notify_all();
  if (thread_.joinable()) thread_.join();
}

HardwareTrace TraceRecorder::snapshot() const {
  std::lock_guard lock(mutex_);
  return trace_;
}

void TraceRecorder::sample_until_stopped() {
  const auto interval = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(interval_seconds_));
  auto next = std::chrono::steady_clock::now();
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    std::optional<HardwareSample> sample;
    try {
      sample = backend_.sample_hardware(device_);
    } catch (const std::exception&) {
      // A monitor that fails once leaves a gap in the trace, not a failed run.
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    lock.lock();
    if (sample) trace_.points.push_back({seconds, std::move(*sample)});
    next += interval;
    stop_requested_.wait_until(lock, next, [this] { return stopping_; });
  }
}

}  // namespace ridgeline::cli
