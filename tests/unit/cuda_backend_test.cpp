// The CUDA backend end to end: on a host without a GPU it reports why and every test
// that needs a device skips with that reason; on a GPU host it runs and verifies a
// kernel of every family.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "backends/cuda/cublaslt_check.hpp"
#include "backends/gpu/gpu_backend.hpp"
#include "backends/gpu/gpu_cases.hpp"
#include "core/transfer.hpp"
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

  // `count`: elements per array, or multiply-adds for compute and matrix kernels.
  static CaseSpec spec_of(const char* kernel, DType t, std::uint64_t count,
                          IntensityParams intensity = {}, Params options = {}) {
    CaseSpec spec;
    spec.kernel = find_kernel(kernel);
    spec.dtype = t;
    const Family f = spec.kernel->family;
    (f == Family::compute || f == Family::matrix ? spec.multiply_adds : spec.array_elements) =
        count;
    spec.intensity = intensity;
    spec.options = std::move(options);
    return spec;
  }

  // Prepares, runs a few calls and verifies; returns the verification verdict.
  Verification run_case(const char* kernel, DType t, std::uint64_t count,
                        IntensityParams intensity = {}, Params options = {}) {
    auto prepared =
        backend_->prepare(device_, spec_of(kernel, t, count, intensity, std::move(options)));
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

TEST(CudaBackendWithoutGpu, SupportsWhatItHasKernelsFor) {
  auto backend = make_cuda_backend();
  const auto supports = [&](const char* kernel, DType t) {
    return backend->supports(*find_kernel(kernel), t);
  };
  EXPECT_TRUE(supports("nstream", DType::fp32));
  EXPECT_TRUE(supports("peak_fma", DType::bf16));  // packed 16-bit chains
  EXPECT_TRUE(supports("peak_dp4a", DType::int8));
  EXPECT_TRUE(supports("wgmma", DType::fp8_e4m3));
  EXPECT_TRUE(supports("gemm", DType::tf32));
  EXPECT_FALSE(supports("triad", DType::int8));      // no such memory kernel
  EXPECT_FALSE(supports("mma", DType::fp64));        // NVIDIA has no fp64 mma.sync here
  EXPECT_FALSE(supports("intensity", DType::bf16));  // the sweep is fp32/fp64
  EXPECT_FALSE(supports("gemm", DType::fp8_e5m2));   // cuBLASLt's fp8 GEMM is e4m3 here
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
  for (const KernelDecl& k : catalogue())
    for (DType t : dtypes_in(k.dtypes)) {
      if (k.family != Family::memory) continue;
      const char* kernel = k.name;
      // An odd size exercises the vector remainder and the scalar tail.
      EXPECT_TRUE(run_case(kernel, t, (1 << 22) + 3).passed()) << kernel << " " << to_string(t);
    }
  for (int width : {4, 8, 16})
    EXPECT_TRUE(run_case("triad", DType::fp32, 1 << 20, {}, {{"access_bytes", width}}).passed());
}

// A wrong value planted in each family's output must fail its verification on the GPU.
TEST_F(CudaBackendTest, PlantedWrongValueFailsEveryFamily) {
  for (const CaseSpec& spec :
       {spec_of("triad", DType::fp64, 1 << 20), spec_of("dot", DType::fp32, 1 << 20),
        spec_of("nstream", DType::fp32, 1 << 20), spec_of("peak_fma", DType::fp32, 1 << 24),
        spec_of("intensity", DType::fp32, 1 << 20, intensity_for(8, DType::fp32))}) {
    auto prepared = backend_->prepare(device_, spec);
    prepared->run(2);
    ASSERT_TRUE(prepared->verify().passed()) << spec.kernel->name;
    prepared->plant_wrong_value();
    const Verification v = prepared->verify();
    EXPECT_EQ(v.verdict, Verdict::fail) << spec.kernel->name;
    EXPECT_GT(v.max_abs_error, 0) << spec.kernel->name;
  }
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

// The working-set kernels at an L1-, an L2- and a DRAM-sized set; 16-bit intensity
// points; every way of copying each direction. Each verifies, and a planted wrong value
// fails it.
TEST_F(CudaBackendTest, WorkingSetsCopiesAndSixteenBitIntensityVerify) {
  for (std::uint64_t bytes : {std::uint64_t{64} << 10, std::uint64_t{8} << 20,
                              4 * (device_.last_level_cache_bytes() + (1 << 20))}) {
    EXPECT_TRUE(run_case("cache_read", DType::fp32, bytes / 4).passed()) << bytes;
    EXPECT_TRUE(run_case("chase", DType::int32, bytes / 4).passed()) << bytes;
  }
  for (DType t : {DType::fp16, DType::bf16})
    for (double ai : {0.125, 1.0, 16.0})
      EXPECT_TRUE(run_case("intensity", t, (1 << 22) + 6, intensity_for(ai, t)).passed())
          << to_string(t) << " " << ai;
  for (const char* copy : {"h2d", "d2h", "bidir"})
    for (const TransferParams& how : transfer_variants(*find_kernel(copy))) {
      CaseSpec spec = spec_of(copy, DType::fp32, (1 << 22) + 4);
      spec.transfer = how;
      auto prepared = backend_->prepare(device_, spec);
      prepared->run(1);
      prepared->run(3);
      EXPECT_TRUE(prepared->verify().passed())
          << copy << " " << to_string(how.host) << " " << to_string(how.engine);
      prepared->plant_wrong_value();
      EXPECT_FALSE(prepared->verify().passed()) << copy;
    }
  for (const CaseSpec& spec :
       {spec_of("cache_read", DType::fp32, 1 << 16), spec_of("chase", DType::int32, 1 << 16),
        spec_of("intensity", DType::fp16, 1 << 20, intensity_for(8, DType::fp16))}) {
    auto prepared = backend_->prepare(device_, spec);
    prepared->run(2);
    ASSERT_TRUE(prepared->verify().passed()) << spec.kernel->name;
    prepared->plant_wrong_value();
    EXPECT_FALSE(prepared->verify().passed()) << spec.kernel->name;
  }
}

// Every gemm dtype the device has, on a small square-ish shape whose M is no power of
// two and on a decode shape (M = 1): both fit in L2, so operands rotate.
TEST_F(CudaBackendTest, GemmVerifiesEveryDtype) {
  const KernelDecl& gemm = *find_kernel("gemm");
  int ran = 0;
  for (DType t : dtypes_in(gemm.dtypes)) {
    if (!backend_->supports_on(device_, gemm, t)) continue;
    for (const GemmShape shape : {GemmShape{96, 256, 512}, GemmShape{1, 1024, 2048}}) {
      CaseSpec spec;
      spec.kernel = &gemm;
      spec.dtype = t;
      spec.gemm = shape;
      auto prepared = backend_->prepare(device_, spec);
      EXPECT_EQ(prepared->work_count(), shape.multiply_adds());
      EXPECT_EQ(prepared->verify().verdict, Verdict::not_run);  // nothing written yet
      EXPECT_GT(prepared->run(1), 0.0);
      EXPECT_GT(prepared->run(3), 0.0);
      const Verification v = prepared->verify();
      EXPECT_TRUE(v.passed()) << to_string(t) << " m=" << shape.m << ": " << v.detail;
      EXPECT_EQ(v.checked % 512, 0U);
      const auto config = prepared->configuration();
      EXPECT_EQ(text_param(config, "transa"), "T");
      EXPECT_NE(config.at("algo_selection").text().find("(chosen)"), std::string::npos);
      EXPECT_GT(number_param(config, "operand_sets"), 1.0) << "small shapes rotate their operands";
      prepared->plant_wrong_value();
      EXPECT_EQ(prepared->verify().verdict, Verdict::fail) << to_string(t);
      ++ran;
    }
  }
  if (ran == 0) GTEST_SKIP() << "cuBLASLt gemm needs sm_80+, this is " << device_.arch;
}

}  // namespace
}  // namespace ridgeline
