// What every GPU case shares: the device it runs on, a stream, device-clock timing and
// the optional L2 flush between samples.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "backends/backend.hpp"
#include "backends/gpu/gpu_api.hpp"
#include "backends/gpu/gpu_buffer.hpp"
#include "backends/gpu/gpu_timer.hpp"
#include "backends/gpu/hardware_monitor.hpp"
#include "backends/gpu/load_sampler.hpp"

namespace ridgeline::RL_GPU_NS {

// The facts about one device every case needs; owned by the backend.
struct DeviceContext {
  int ordinal = 0;
  int sms = 0;
  std::uint64_t l2_bytes = 0;
  std::uint64_t infinity_cache_bytes = 0;         // AMD's MALL behind L2; 0 on NVIDIA
  std::string arch;                               // "sm_90", "gfx942:sramecc+:xnack-"
  double clock_mhz = 0;                           // the highest core clock the device reports
  int memory_bus_width_bits = 0;                  // 0 when the runtime does not say
  double memory_clock_mhz = 0;                    // peak memory clock, 0 when unknown
  std::shared_ptr<gpu::HardwareMonitor> monitor;  // null when NVML is unavailable
  std::string monitor_note;                       // why it is null

  // Every cache in front of DRAM: what array sizes and the flush buffer must exceed.
  std::uint64_t cache_bytes() const { return l2_bytes + infinity_cache_bytes; }
};

class GpuCase : public PreparedCase {
 public:
  // flush_l2: write a 2x L2 buffer before every sample, outside the timed interval, so
  // a sample of a DRAM-bound kernel starts with none of its arrays in L2. hold: queue the
  // timed calls behind the stream hold (gpu_timer.hpp); false for calls that block the
  // host thread that issues them (a pageable copy), which nothing can queue behind.
  GpuCase(const DeviceContext& device, bool flush_l2, bool hold = true);

  double run(int calls) final;
  Verification verify() final;
  Params configuration() const final;
  // The peak table and, for a footprint beyond every cache, the memory bus; cases whose
  // work another part of the device bounds (a cache, the host link) say so instead.
  PhysicalLimits physical_limits() const override;
  std::optional<RunConditions> conditions() const final;

 protected:
  // One call of the kernel on `stream`; no synchronisation.
  virtual void launch(gpuStream_t stream) = 0;
  // Checks the output against the host model after calls_done() calls.
  virtual Verification check() = 0;
  // Launch shape and anything else that identifies how the case ran.
  virtual Params describe() const = 0;
  // Distinct bytes one call touches in device memory, for the DRAM limit (it applies
  // only when no cache can hold them): memory and intensity cases say; 0 (the default)
  // for cases that stream nothing.
  virtual std::uint64_t footprint_bytes() const { return 0; }

  const DeviceContext& device() const { return device_; }
  gpuStream_t stream() const { return stream_.get(); }
  std::uint64_t calls_done() const { return calls_done_; }

 private:
  const DeviceContext& device_;
  Stream stream_;
  LaunchTimer timer_;
  std::optional<gpu::LoadSampler> load_sampler_;  // absent without a monitor
  std::optional<DeviceBuffer<std::uint8_t>> flush_buffer_;
  std::uint64_t calls_done_ = 0;
};

// Makes `ordinal` current for this host thread (the runtime's device is per thread).
void use_device(int ordinal);

}  // namespace ridgeline::RL_GPU_NS
