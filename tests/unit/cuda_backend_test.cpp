// The CUDA backend end to end: on a host without a GPU it reports why and every test
// that needs a device skips with that reason; on a GPU host it runs and verifies a
// kernel of every family.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "backends/gpu/gpu_backend.hpp"
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

}  // namespace
}  // namespace ridgeline
