#include "backends/gpu/gpu_error.hpp"

#include "backends/backend.hpp"

namespace ridgeline::gpu {

void throw_gpu_error(ErrorKind kind, std::string_view call, std::string_view runtime_message) {
  std::string message(call);
  message += ": ";
  message += runtime_message;
  switch (kind) {
    case ErrorKind::sticky:
      throw DeviceLost(message);
    case ErrorKind::out_of_memory:
      throw SkipCase("out of device memory: " + message);
    case ErrorKind::no_device:
    case ErrorKind::recoverable:
      break;
  }
  throw GpuError(message);
}

}  // namespace ridgeline::gpu
