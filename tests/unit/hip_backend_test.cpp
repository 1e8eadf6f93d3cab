// The HIP backend on a host without an AMD GPU: it says why, clearly, and the vendor
// GEMM it does not have is reported, not faked.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "backends/gpu/gpu_backend.hpp"
#include "backends/gpu/gpu_cases.hpp"

namespace ridgeline {
namespace {

TEST(HipBackend, NoDeviceSaysWhy) {
  auto backend = make_hip_backend();
  EXPECT_EQ(backend->name(), "hip");
  if (!backend->devices().empty()) GTEST_SKIP() << "an AMD GPU is present";
  const std::string why = backend->unavailable_reason();
  EXPECT_NE(why.find("hipGetDeviceCount"), std::string::npos) << why;
  EXPECT_EQ(why.find('\n'), std::string::npos);
}

TEST(HipBackend, NoVendorGemmIsASkipWithTheReason) {
  const hip::DeviceContext context;
  EXPECT_FALSE(hip::gemm_available(context, DType::bf16));
  try {
    hip::make_gemm_case(context, CaseSpec{});
    FAIL() << "make_gemm_case returned a case";
  } catch (const SkipCase& e) {
    EXPECT_NE(std::string(e.what()).find("hipBLASLt"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ridgeline
