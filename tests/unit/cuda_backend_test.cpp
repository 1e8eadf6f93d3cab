// The CUDA backend end to end: on a host without a GPU it reports why and every test
// that needs a device skips with that reason; on a GPU host it runs and verifies a
// kernel of every family.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "backends/cuda/cublaslt_check.hpp"
#include "backends/gpu/gpu_backend.hpp"
#include "backends/gpu/gpu_cases.hpp"
#include "suite_plan.hpp"

namespace ridgeline {
namespace {

class CudaBackendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    backend_ = make_cuda_backend();
    auto devices = backend_->devices();
    if (devices.empty())
      GTEST_SKIP() << "no CUDA device: " << backend_->unavailable_reason()
                   << " (this test runs kernels on a GPU)";
    device_ = devices.front();
  }

  // Prepares, runs a few calls and verifies; returns the verification verdict.
  Verification run_case(const char* kernel, DType t, std::uint64_t elements,
                        IntensityParams intensity = {},
                        std::map<std::string, std::string> options = {}) {
    CaseSpec spec{find_kernel(kernel), t, elements, intensity, std::move(options), {}};
    auto prepared = backend_->prepare(device_, spec);
    EXPECT_GT(prepared->run(1), 0.0);
    EXPECT_GT(prepared->run(3), 0.0);
    return prepared->verify();
  }

  std::unique_ptr<Backend> backend_;
  DeviceInfo device_;
};

TEST(CudaBackendWithoutGpu, NoDeviceHasAReason) {
  auto backend = make_cuda_backend();
  EXPECT_EQ(backend->name(), "cuda");
  if (!backend->devices().empty()) GTEST_SKIP() << "a CUDA device is present";
  const std::string why = backend->unavailable_reason();
  EXPECT_EQ(why.rfind("cudaGetDeviceCount", 0), 0U) << why;
}

TEST(CudaBackendWithoutGpu, SupportsEveryCatalogueDtype) {
  auto backend = make_cuda_backend();
  for (const KernelDecl& k : catalogue())
    for (DType t : dtypes_in(k.dtypes)) EXPECT_TRUE(backend->supports(k, t)) << k.name;
}

TEST(CudaGemmWithoutGpu, AvailabilityFollowsComputeCapability) {
  cuda::DeviceContext device;
  for (const char* arch : {"sm_80", "sm_86", "sm_89", "sm_90", "sm_100", "sm_120"})
    for (DType t : {DType::bf16, DType::fp16, DType::tf32, DType::int8}) {
      device.arch = arch;
      EXPECT_TRUE(cuda::gemm_available(device, t)) << arch << " " << to_string(t);
    }
  for (const char* arch : {"sm_75", "sm_70", "gfx942", ""}) {
    device.arch = arch;
    EXPECT_FALSE(cuda::gemm_available(device, DType::bf16)) << arch;
  }
  device.arch = "sm_86";
  EXPECT_FALSE(cuda::gemm_available(device, DType::fp8_e4m3));  // cuBLASLt fp8: sm_89+
  device.arch = "sm_89";
  EXPECT_TRUE(cuda::gemm_available(device, DType::fp8_e4m3));
  device.arch = "sm_90";
  EXPECT_FALSE(cuda::gemm_available(device, DType::fp8_e5m2));  // not a gemm dtype
  EXPECT_FALSE(cuda::gemm_available(device, DType::fp32));
}

TEST(CudaGemmWithoutGpu, CublasLtStatusesMapToTheHarnessExceptions) {
  EXPECT_EQ(cuda::classify(CUBLAS_STATUS_ALLOC_FAILED), gpu::ErrorKind::out_of_memory);
  EXPECT_EQ(cuda::classify(CUBLAS_STATUS_NOT_SUPPORTED), gpu::ErrorKind::recoverable);
  EXPECT_THROW(CUBLASLT_CHECK(CUBLAS_STATUS_ALLOC_FAILED), SkipCase);
  try {
    CUBLASLT_CHECK(CUBLAS_STATUS_NOT_SUPPORTED);
    FAIL() << "nothing thrown";
  } catch (const gpu::GpuError& e) {
    EXPECT_NE(std::string(e.what()).find("CUBLAS_STATUS_NOT_SUPPORTED"), std::string::npos)
        << e.what();
  }
  EXPECT_NO_THROW(CUBLASLT_CHECK(CUBLAS_STATUS_SUCCESS));
}

TEST_F(CudaBackendTest, DeviceDescription) {
  EXPECT_EQ(device_.id, "cuda:0");
  EXPECT_EQ(device_.compute_unit_kind, "SM");
  EXPECT_GT(device_.compute_units, 0);
  EXPECT_EQ(device_.arch.rfind("sm_", 0), 0U);
  EXPECT_TRUE(device_.extra.count("uuid"));
  EXPECT_GE(backend_->default_array_bytes(device_), std::uint64_t{1} << 30);
}

TEST_F(CudaBackendTest, MemoryKernelsVerify) {
  for (const char* kernel : {"read", "write", "copy", "scale", "add", "triad", "dot"})
    for (DType t : {DType::fp32, DType::fp64}) {
      // An odd size exercises the vector remainder and the scalar tail.
      EXPECT_TRUE(run_case(kernel, t, (1 << 22) + 3).passed()) << kernel << " " << to_string(t);
    }
  for (const char* width : {"4", "8", "16"})
    EXPECT_TRUE(run_case("triad", DType::fp32, 1 << 20, {}, {{"access_bytes", width}}).passed());
}

TEST_F(CudaBackendTest, ComputePeaksVerify) {
  for (DType t : {DType::fp64, DType::fp32, DType::fp16, DType::bf16, DType::int32})
    EXPECT_TRUE(run_case("peak_fma", t, 1 << 26).passed()) << to_string(t);
  EXPECT_TRUE(run_case("peak_dp4a", DType::int8, 1 << 26).passed());
}

TEST_F(CudaBackendTest, IntensitySweepVerifies) {
  for (double ai : {0.125, 1.0, 64.0})
    for (DType t : {DType::fp32, DType::fp64})
      EXPECT_TRUE(run_case("intensity", t, 1 << 22, intensity_for(ai, t)).passed()) << ai;
}

// Every gemm dtype the device has, on a small square-ish shape whose M is no power of
// two and on a decode shape (M = 1): both fit in L2, so operands rotate.
TEST_F(CudaBackendTest, GemmVerifiesEveryDtype) {
  const KernelDecl& gemm = *find_kernel("gemm");
  int ran = 0;
  for (DType t : dtypes_in(gemm.dtypes)) {
    if (!backend_->supports_on(device_, gemm, t)) continue;
    for (const GemmShape shape : {GemmShape{96, 256, 512}, GemmShape{1, 1024, 2048}}) {
      const CaseSpec spec{&gemm, t, shape.multiply_adds(), {}, {}, shape};
      auto prepared = backend_->prepare(device_, spec);
      EXPECT_EQ(prepared->elements(), shape.multiply_adds());
      EXPECT_EQ(prepared->verify().verdict, Verdict::not_run);  // nothing written yet
      EXPECT_GT(prepared->run(1), 0.0);
      EXPECT_GT(prepared->run(3), 0.0);
      const Verification v = prepared->verify();
      EXPECT_TRUE(v.passed()) << to_string(t) << " m=" << shape.m << ": " << v.detail;
      EXPECT_EQ(v.checked % 512, 0U);
      const auto config = prepared->configuration();
      EXPECT_EQ(config.at("transa"), "T");
      EXPECT_NE(config.at("algo_selection").find("(chosen)"), std::string::npos);
      EXPECT_NE(config.at("operand_sets"), "1") << "small shapes rotate their operands";
      ++ran;
    }
  }
  if (ran == 0) GTEST_SKIP() << "cuBLASLt gemm needs sm_80+, this is " << device_.arch;
}

}  // namespace
}  // namespace ridgeline
