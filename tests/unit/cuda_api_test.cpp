// The CUDA side of the GPU api header and NVML helpers: runs without a GPU (the runtime
// answers error strings and device counts without one).
#include <gtest/gtest.h>

#include "backends/backend.hpp"
#include "backends/cuda/nvml_monitor.hpp"
#include "backends/gpu/gpu_api.hpp"

namespace ridgeline::cuda {
namespace {

TEST(CudaApi, StickyErrorsAreClassifiedAsDeviceLoss) {
  EXPECT_EQ(classify(cudaErrorIllegalAddress), gpu::ErrorKind::sticky);
  EXPECT_EQ(classify(cudaErrorLaunchFailure), gpu::ErrorKind::sticky);
  EXPECT_EQ(classify(cudaErrorECCUncorrectable), gpu::ErrorKind::sticky);
  EXPECT_EQ(classify(cudaErrorMemoryAllocation), gpu::ErrorKind::out_of_memory);
  EXPECT_EQ(classify(cudaErrorNoDevice), gpu::ErrorKind::no_device);
  EXPECT_EQ(classify(cudaErrorInvalidValue), gpu::ErrorKind::recoverable);
  EXPECT_EQ(classify(cudaErrorInvalidConfiguration), gpu::ErrorKind::recoverable);
}

TEST(CudaApi, CheckThrowsWithTheRuntimesErrorString) {
  try {
    GPU_CHECK(cudaErrorIllegalAddress);
    FAIL() << "nothing thrown";
  } catch (const DeviceLost& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("cudaErrorIllegalAddress"), std::string::npos) << message;
    EXPECT_NE(message.find(cudaGetErrorString(cudaErrorIllegalAddress)), std::string::npos);
  }
  EXPECT_THROW(GPU_CHECK(cudaErrorMemoryAllocation), SkipCase);
  EXPECT_THROW(GPU_CHECK(cudaErrorInvalidValue), gpu::GpuError);
  EXPECT_NO_THROW(GPU_CHECK(cudaSuccess));
}

TEST(Nvml, ThrottleReasonsByName) {
  EXPECT_EQ(throttle_reason_names(0), "none");
  EXPECT_EQ(throttle_reason_names(0x4), "sw_power_cap");
  EXPECT_EQ(throttle_reason_names(0x4 | 0x40), "sw_power_cap,hw_thermal_slowdown");
  EXPECT_EQ(throttle_reason_names(0x1 | 0x10000), "gpu_idle,0x10000");  // unknown bit kept
}

TEST(Nvml, AbsentLibraryOrDeviceIsOneLineAndNoMonitor) {
  std::string why;
  auto monitor = open_nvml_monitor("00000000:ff:1f.0", why);
  if (monitor) GTEST_SKIP() << "a device sits at that PCI address";
  EXPECT_FALSE(why.empty());
  EXPECT_EQ(why.find('\n'), std::string::npos) << why;
}

}  // namespace
}  // namespace ridgeline::cuda
