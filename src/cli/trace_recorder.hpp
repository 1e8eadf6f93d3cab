// Samples a device's hardware state (clocks, power, temperature, throttling) on a thread
// of its own at a fixed interval while a sustained run measures, for the file's trace.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "backends/backend.hpp"

namespace ridgeline::cli {

class TraceRecorder {
 public:
  // Starts sampling `device` through `backend` now; the first point is taken at once.
  TraceRecorder(Backend& backend, DeviceInfo device, double interval_seconds,
                std::chrono::steady_clock::time_point started);
  ~TraceRecorder();  // stops the thread
  TraceRecorder(const TraceRecorder&) = delete;
  TraceRecorder& operator=(const TraceRecorder&) = delete;

  HardwareTrace snapshot() const;
  void stop();

 private:
  void sample_until_stopped();

  Backend& backend_;
  DeviceInfo device_;
  double interval_seconds_;
  std::chrono::steady_clock::time_point started_;
  mutable std::mutex mutex_;
  std::condition_variable stop_requested_;
  bool stopping_ = false;
  HardwareTrace trace_;
  std::thread thread_;
};

}  // namespace ridgeline::cli
