#include "backends/gpu/load_sampler.hpp"

#include <exception>

namespace ridgeline::gpu {

LoadSampler::LoadSampler(std::shared_ptr<const HardwareMonitor> monitor,
                         std::chrono::milliseconds period)
    : monitor_(std::move(monitor)), period_(period) {}

void LoadSampler::take_sample() {
  try {
    HardwareSample s = monitor_->sample();
    std::lock_guard lock(mutex_);
    samples_.push_back(std::move(s));
  } catch (const std::exception&) {
    // A reading that fails is a reading missing, never a failed benchmark.
  }
}

LoadSampler::Window::Window(LoadSampler& sampler) : sampler_(sampler) {
  {
    std::lock_guard lock(sampler_.mutex_);
    sampler_.stop_ = false;
  }
  sampler_.take_sample();
  thread_ = std::thread([this] {
    std::unique_lock lock(sampler_.mutex_);
    while (!sampler_.wake_.wait_for(lock, sampler_.period_, [this] { return sampler_.stop_; })) {
      lock.unlock();
      sampler_.take_sample();
      lock.lock();
    }
  });
}

LoadSampler::Window::~Window() {
  {
    std::lock_guard lock(sampler_.mutex_);
    sampler_.stop_ = true;
  }
  sampler_.wake_.notify_all();
  thread_.join();
  sampler_.take_sample();
}

std::optional<RunConditions> LoadSampler::conditions() const {
  std::lock_guard lock(mutex_);
  if (samples_.empty()) return std::nullopt;
  return summarize(samples_, monitor_->source());
}

}  // namespace ridgeline::gpu
