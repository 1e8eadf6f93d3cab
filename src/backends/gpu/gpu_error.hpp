// GPU runtime errors as the harness's exceptions. Vendor-neutral: gpu_api.hpp classifies
// a cuda*/hip* error code into an ErrorKind, this file decides what the run does next.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace ridgeline::gpu {

enum class ErrorKind {
  recoverable,    // this call failed (bad launch shape, invalid value): fail the benchmark
  out_of_memory,  // the buffers do not fit: skip the benchmark with the reason
  no_device,      // no device or driver: the backend has no devices
  sticky,         // the context is corrupt (illegal address, ECC): the device is lost
};

// A GPU runtime call failed and the failure is confined to the benchmark that made it.
struct GpuError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// "<call>: <runtime error string>" thrown as DeviceLost (sticky), SkipCase (out of
// memory) or GpuError (anything else).
[[noreturn]] void throw_gpu_error(ErrorKind kind, std::string_view call,
                                  std::string_view runtime_message);

}  // namespace ridgeline::gpu
