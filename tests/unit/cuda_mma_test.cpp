// The mma kernel on the CUDA backend: which dtypes it is planned for, and on a GPU host
// that every planned one runs, counts whole instructions and verifies exactly.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "backends/gpu/gpu_backend.hpp"
#include "backends/gpu/gpu_cases.hpp"
#include "core/catalogue.hpp"

namespace ridgeline {
namespace {

TEST(CudaMmaWithoutGpu, AvailabilityFollowsTheMatrixTable) {
  cuda::DeviceContext device;
  device.arch = "sm_80";
  for (DType t : {DType::fp16, DType::bf16, DType::tf32, DType::int8})
    EXPECT_TRUE(cuda::mma_available(device, t)) << to_string(t);
  EXPECT_FALSE(cuda::mma_available(device, DType::fp32));  // no fp32 tensor path
  EXPECT_FALSE(cuda::mma_available(device, DType::fp8_e4m3));
  device.arch = "sm_90a";  // fp8 mma.sync is emulated with f16 HMMA there
  EXPECT_FALSE(cuda::mma_available(device, DType::fp8_e5m2));
  device.arch = "sm_75";
  EXPECT_FALSE(cuda::mma_available(device, DType::fp16));
}

class CudaMmaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    backend_ = make_cuda_backend();
    auto devices = backend_->devices();
    if (devices.empty())
      GTEST_SKIP() << "no CUDA device: " << backend_->unavailable_reason()
                   << " (this test runs kernels on a GPU)";
    device_ = devices.front();
  }

  CaseSpec spec(DType t, std::uint64_t multiply_adds, Params options = {}) const {
    CaseSpec s;
    s.kernel = &mma_;
    s.dtype = t;
    s.multiply_adds = multiply_adds;
    s.options = std::move(options);
    return s;
  }

  std::unique_ptr<Backend> backend_;
  DeviceInfo device_;
  const KernelDecl& mma_ = *find_kernel("mma");
};

TEST_F(CudaMmaTest, EveryPlannedDtypeVerifies) {
  if (!backend_->supports_on(device_, mma_, DType::bf16))
    GTEST_SKIP() << device_.arch << " has no mma.sync (needs sm_80)";
  int planned = 0;
  for (DType t : dtypes_in(mma_.dtypes)) {
    if (!backend_->supports_on(device_, mma_, t)) continue;
    ++planned;
    const std::uint64_t requested = std::uint64_t{1} << 32;
    auto prepared = backend_->prepare(device_, spec(t, requested));
    EXPECT_GT(prepared->run(1), 0.0) << to_string(t);
    EXPECT_GT(prepared->run(2), 0.0) << to_string(t);
    const Verification v = prepared->verify();
    EXPECT_TRUE(v.passed()) << to_string(t) << ": " << v.detail;
    const auto config = prepared->configuration();
    const auto iterations = static_cast<std::uint64_t>(*number_param(config, "iterations"));
    EXPECT_EQ(iterations % 2, 1U) << to_string(t);
    const auto per_instruction =
        static_cast<std::uint64_t>(*number_param(config, "multiply_adds_per_instruction"));
    EXPECT_EQ(prepared->work_count() % (per_instruction * iterations), 0U) << to_string(t);
    // Rounded to the nearest odd iteration count: near the request when it is large.
    EXPECT_GT(prepared->work_count(), requested / 2) << to_string(t);
    EXPECT_LT(prepared->work_count(), requested * 2) << to_string(t);
    EXPECT_EQ(config.at("instruction").text().rfind("mma.sync.aligned.", 0), 0U);
  }
  EXPECT_GE(planned, 4) << "fp16, bf16, tf32 and int8 exist on every sm_80+ device";
}

TEST_F(CudaMmaTest, Fp32AndLaunchOptionsAreRefused) {
  EXPECT_FALSE(backend_->supports_on(device_, mma_, DType::fp32));
  EXPECT_THROW(backend_->prepare(device_, spec(DType::fp32, 1 << 20)), SkipCase);
  EXPECT_THROW(backend_->prepare(device_, spec(DType::bf16, 1 << 20, {{"unroll", 4}})),
               std::invalid_argument);
}

}  // namespace
}  // namespace ridgeline
