// Owning handles for device memory, host-mapped memory, streams and events: every
// allocation is released on every path, including the exceptions GPU_CHECK throws.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "backends/gpu/gpu_api.hpp"

namespace ridgeline::RL_GPU_NS {

template <class T>
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  explicit DeviceBuffer(std::uint64_t count) : count_(count) {
    GPU_CHECK(gpuMalloc(reinterpret_cast<void**>(&data_), count * sizeof(T)));
  }
  ~DeviceBuffer() {
    if (data_ != nullptr) static_cast<void>(gpuFree(data_));  // nothing to do on failure
  }
  DeviceBuffer(DeviceBuffer&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), count_(std::exchange(other.count_, 0)) {}
  DeviceBuffer& operator=(DeviceBuffer&& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(count_, other.count_);
    return *this;
  }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;

  T* data() const { return data_; }
  std::uint64_t size() const { return count_; }
  std::uint64_t bytes() const { return count_ * sizeof(T); }

  T read(std::uint64_t index) const {
    T value{};
    GPU_CHECK(gpuMemcpy(&value, data_ + index, sizeof(T), gpuMemcpyDeviceToHost));
    return value;
  }

 private:
  T* data_ = nullptr;
  std::uint64_t count_ = 0;
};

// Host memory the device reads and writes directly (zero-copy), e.g. the flag that
// releases the stream-holding kernel.
template <class T>
class MappedHostValue {
 public:
  MappedHostValue() {
    GPU_CHECK(gpuHostAlloc(reinterpret_cast<void**>(&host_), sizeof(T), gpuHostAllocMapped));
    *host_ = T{};
    GPU_CHECK(gpuHostGetDevicePointer(reinterpret_cast<void**>(&device_), host_, 0));
  }
  ~MappedHostValue() { static_cast<void>(gpuFreeHost(host_)); }
  MappedHostValue(const MappedHostValue&) = delete;
  MappedHostValue& operator=(const MappedHostValue&) = delete;

  volatile T* host() const { return host_; }
  T* device() const { return device_; }

 private:
  T* host_ = nullptr;
  T* device_ = nullptr;
};

// Flips a bit of the byte at `device_address`: the GPU backends' plant_wrong_value.
inline void flip_device_byte(void* device_address) {
  unsigned char byte = 0;
  GPU_CHECK(gpuMemcpy(&byte, device_address, 1, gpuMemcpyDeviceToHost));
  byte ^= 0x10;
  GPU_CHECK(gpuMemcpy(device_address, &byte, 1, gpuMemcpyHostToDevice));
}

class Stream {
 public:
  Stream() { GPU_CHECK(gpuStreamCreateWithFlags(&stream_, gpuStreamNonBlocking)); }
  ~Stream() { static_cast<void>(gpuStreamDestroy(stream_)); }
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;
  gpuStream_t get() const { return stream_; }

 private:
  gpuStream_t stream_{};
};

class Event {
 public:
  Event() { GPU_CHECK(gpuEventCreate(&event_)); }
  ~Event() { static_cast<void>(gpuEventDestroy(event_)); }
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
  gpuEvent_t get() const { return event_; }

 private:
  gpuEvent_t event_{};
};

}  // namespace ridgeline::RL_GPU_NS
