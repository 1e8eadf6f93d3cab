#include "backends/gpu/gpu_error.hpp"

#include <gtest/gtest.h>

#include "backends/backend.hpp"

namespace ridgeline::gpu {
namespace {

template <class Exception>
std::string thrown_message(ErrorKind kind) {
  try {
    throw_gpu_error(kind, "gpuMalloc(&p, n)", "cudaErrorX: what the runtime said");
  } catch (const Exception& e) {
    return e.what();
  } catch (...) {
    return "<other exception type>";
  }
  return "<nothing thrown>";
}

TEST(GpuError, StickyErrorsLoseTheDevice) {
  EXPECT_EQ(thrown_message<DeviceLost>(ErrorKind::sticky),
            "gpuMalloc(&p, n): cudaErrorX: what the runtime said");
}

TEST(GpuError, OutOfMemorySkipsTheCase) {
  EXPECT_EQ(thrown_message<SkipCase>(ErrorKind::out_of_memory),
            "out of device memory: gpuMalloc(&p, n): cudaErrorX: what the runtime said");
}

TEST(GpuError, OtherErrorsFailOnlyTheBenchmark) {
  EXPECT_EQ(thrown_message<GpuError>(ErrorKind::recoverable),
            "gpuMalloc(&p, n): cudaErrorX: what the runtime said");
  EXPECT_EQ(thrown_message<GpuError>(ErrorKind::no_device),
            "gpuMalloc(&p, n): cudaErrorX: what the runtime said");
}

}  // namespace
}  // namespace ridgeline::gpu
