#include "backends/gpu/device_limits.hpp"
#include "backends/gpu/gpu_case.hpp"
#include "backends/gpu/gpu_sizing.hpp"

namespace ridgeline::RL_GPU_NS {

void use_device(int ordinal) { GPU_CHECK(gpuSetDevice(ordinal)); }

GpuCase::GpuCase(const DeviceContext& device, bool flush_l2, bool hold)
    : device_(device), timer_(stream_.get(), device.ordinal, hold) {
  if (device.monitor) load_sampler_.emplace(device.monitor);
  if (flush_l2 && device.cache_bytes() > 0)
    flush_buffer_.emplace(gpu::l2_flush_bytes(device.cache_bytes()));
}

double GpuCase::run(int calls) {
  use_device(device_.ordinal);
  const auto launch_one = [this](gpuStream_t s) { launch(s); };
  // The first call of a case is the harness's warm-up: the kernel's first launch also
  // loads its module (lazy loading), which must not happen behind a held stream, and
  // the idle clocks it starts at are not the clocks under load.
  const bool warm_up = calls_done_ == 0;
  if (warm_up) {
    timer_.launch_untimed(launch_one);
    ++calls_done_;
  }
  if (flush_buffer_)
    GPU_CHECK(gpuMemsetAsync(flush_buffer_->data(), static_cast<int>(calls_done_ & 0xff),
                             flush_buffer_->bytes(), stream()));
  std::optional<gpu::LoadSampler::Window> sampling;
  if (load_sampler_ && !warm_up) sampling.emplace(*load_sampler_);
  const double seconds = timer_.time(calls, launch_one);
  calls_done_ += static_cast<std::uint64_t>(calls);
  return seconds;
}

PhysicalLimits GpuCase::physical_limits() const {
  return gpu::case_limits({device_.arch, device_.clock_mhz, device_.memory_bus_width_bits,
                           device_.memory_clock_mhz, device_.cache_bytes()},
                          peak_per_mhz(), footprint_bytes());
}

std::optional<RunConditions> GpuCase::conditions() const {
  return load_sampler_ ? load_sampler_->conditions() : std::nullopt;
}

Verification GpuCase::verify() {
  use_device(device_.ordinal);
  GPU_CHECK(gpuStreamSynchronize(stream()));
  return check();
}

Params GpuCase::configuration() const {
  Params config = describe();
  config[param_keys::kTiming] = timer_.timing_mode();
  config["l2_flush"] = flush_buffer_ ? "2x L2 written before each sample" : "no";
  if (!device_.monitor) config["hardware_state"] = device_.monitor_note;
  return config;
}

}  // namespace ridgeline::RL_GPU_NS
