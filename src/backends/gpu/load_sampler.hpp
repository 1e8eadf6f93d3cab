// Samples a device's monitor on its own thread while timed calls run, so a benchmark's
// clocks, power, temperature and throttle reasons are those under load, not the idle
// state before warm-up.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "backends/gpu/hardware_monitor.hpp"

namespace ridgeline::gpu {

class LoadSampler {
 public:
  static constexpr std::chrono::milliseconds kDefaultPeriod{20};

  explicit LoadSampler(std::shared_ptr<const HardwareMonitor> monitor,
                       std::chrono::milliseconds period = kDefaultPeriod);

  // Samples from construction (one sample at once, then one per period) to destruction
  // (one more): every timed interval gets at least two readings, however short.
  class Window {
   public:
    explicit Window(LoadSampler& sampler);
    ~Window();
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

   private:
    LoadSampler& sampler_;
    std::thread thread_;
  };

  // Everything sampled in every window so far; absent when nothing was.
  std::optional<RunConditions> conditions() const;

 private:
  void take_sample();

  std::shared_ptr<const HardwareMonitor> monitor_;
  std::chrono::milliseconds period_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::vector<HardwareSample> samples_;
};

}  // namespace ridgeline::gpu
