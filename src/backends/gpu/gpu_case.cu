#include "backends/gpu/gpu_case.hpp"
#include "backends/gpu/gpu_sizing.hpp"

namespace ridgeline::RL_GPU_NS {

void use_device(int ordinal) { GPU_CHECK(gpuSetDevice(ordinal)); }

GpuCase::GpuCase(const DeviceContext& device, bool flush_l2) : device_(device) {
  if (flush_l2 && device.cache_bytes() > 0)
    flush_buffer_.emplace(gpu::l2_flush_bytes(device.cache_bytes()));
}

double GpuCase::run(int calls) {
  use_device(device_.ordinal);
  if (flush_buffer_)
    GPU_CHECK(gpuMemsetAsync(flush_buffer_->data(), static_cast<int>(calls_done_ & 0xff),
                             flush_buffer_->bytes(), stream()));
  const double seconds = timer_.time(calls, [this](gpuStream_t s) { launch(s); });
  calls_done_ += static_cast<std::uint64_t>(calls);
  return seconds;
}

Verification GpuCase::verify() {
  use_device(device_.ordinal);
  GPU_CHECK(gpuStreamSynchronize(stream()));
  return check();
}

Params GpuCase::configuration() const {
  Params config = describe();
  config["timing"] = "device events, stream held until all launches are queued";
  config["l2_flush"] = flush_buffer_ ? "2x L2 written before each sample" : "no";
  if (!device_.monitor) config["hardware_state"] = device_.monitor_note;
  return config;
}

}  // namespace ridgeline::RL_GPU_NS
