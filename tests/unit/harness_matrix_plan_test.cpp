#include <gtest/gtest.h>

#include <algorithm>

#include "suite_plan.hpp"

namespace ridgeline {
namespace {

// A GPU-like backend that has matrix units for bf16 and fp8_e4m3, a vendor GEMM for
// bf16, and says per device that wgmma exists only on "sm_90".
class MatrixBackend final : public Backend {
 public:
  std::string_view name() const override { return "cuda"; }
  std::vector<DeviceInfo> devices() override { return {}; }
  bool supports(const KernelDecl& k, DType t) const override {
    if (k.family == Family::gemm) return t == DType::bf16;
    return k.family == Family::matrix && (t == DType::bf16 || t == DType::fp8_e4m3);
  }
  bool supports_on(const DeviceInfo& d, const KernelDecl& k, DType t) const override {
    if (std::string_view(k.name) == "wgmma" && d.arch != "sm_90") return false;
    return supports(k, t);
  }
  std::uint64_t default_array_bytes(const DeviceInfo&) const override { return 1 << 20; }
  std::uint64_t default_multiply_adds(const DeviceInfo&, const KernelDecl& k,
                                      DType) const override {
    return k.family == Family::matrix ? 123456789 : 1000;
  }
  std::unique_ptr<PreparedCase> prepare(const DeviceInfo&, const CaseSpec&) override {
    return nullptr;
  }
};

DeviceInfo device(std::string arch) {
  DeviceInfo d;
  d.id = "cuda:0";
  d.backend = "cuda";
  d.arch = std::move(arch);
  return d;
}

std::vector<std::string> names(const std::vector<PlannedCase>& plan) {
  std::vector<std::string> out;
  for (const auto& c : plan) out.push_back(c.name);
  return out;
}

bool has(const std::vector<std::string>& list, const std::string& name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

TEST(MatrixPlan, MatrixPeaksPerDtypeAndOnlyWhereTheDeviceHasThem) {
  MatrixBackend backend;
  const auto hopper = names(plan_suite(backend, device("sm_90"), {Suite::standard, {}}));
  EXPECT_TRUE(has(hopper, "mma/bf16"));
  EXPECT_TRUE(has(hopper, "mma/fp8_e4m3"));
  EXPECT_TRUE(has(hopper, "wgmma/bf16"));
  EXPECT_FALSE(has(hopper, "mma/fp16"));
  const auto ampere = names(plan_suite(backend, device("sm_80"), {Suite::standard, {}}));
  EXPECT_TRUE(has(ampere, "mma/bf16"));
  EXPECT_FALSE(has(ampere, "wgmma/bf16"));
  for (const auto& c : plan_suite(backend, device("sm_90"), {Suite::standard, {}}))
    if (c.spec.kernel->family == Family::matrix) {
      EXPECT_EQ(c.spec.multiply_adds, 123456789u);
    }
}

TEST(MatrixPlan, GemmSquaresAndLlmDecodeShapes) {
  MatrixBackend backend;
  const auto plan = plan_suite(backend, device("sm_90"), {Suite::standard, {}});
  const auto list = names(plan);
  for (const char* square : {"gemm/bf16/m:1024/n:1024/k:1024", "gemm/bf16/m:8192/n:8192/k:8192"})
    EXPECT_TRUE(has(list, square)) << square;
  EXPECT_TRUE(has(list, "gemm/bf16/m:1/n:4096/k:4096"));
  EXPECT_TRUE(has(list, "gemm/bf16/m:256/n:14336/k:4096"));
  EXPECT_FALSE(has(list, "gemm/bf16/m:16384/n:16384/k:16384"));  // full suite only
  const auto full = names(plan_suite(backend, device("sm_90"), {Suite::full, {}}));
  EXPECT_TRUE(has(full, "gemm/bf16/m:16384/n:16384/k:16384"));
  EXPECT_TRUE(has(full, "gemm/bf16/m:2/n:4096/k:14336"));
  const auto quick = names(plan_suite(backend, device("sm_90"), {Suite::quick, {}}));
  EXPECT_TRUE(has(quick, "gemm/bf16/m:4096/n:4096/k:4096"));
  EXPECT_TRUE(has(quick, "mma/bf16"));

  const auto it = std::find_if(plan.begin(), plan.end(), [](const PlannedCase& c) {
    return c.name == "gemm/bf16/m:1/n:4096/k:4096";
  });
  ASSERT_NE(it, plan.end());
  EXPECT_EQ(it->spec.gemm.m, 1u);
  EXPECT_EQ(it->spec.gemm.k, 4096u);
  EXPECT_EQ(it->spec.gemm.multiply_adds(), 4096u * 4096u);
  EXPECT_EQ(text_param(it->params, param_keys::kGemmShapeClass), "llm");
  EXPECT_EQ(number_param(it->params, param_keys::kGemmN), 4096.0);
  // Decode is weight-bound: 2 flops per 2-byte weight, about 1 flop/byte.
  const Work w = gemm_work(DType::bf16, it->spec.gemm);
  EXPECT_DOUBLE_EQ(w.flops, 2.0 * 4096 * 4096);
  EXPECT_DOUBLE_EQ(w.bytes, (4096.0 + 4096.0 * 4096.0) * 2 + 4096.0 * 2);
  EXPECT_NEAR(w.intensity(), 1.0, 1e-3);
}

TEST(MatrixPlan, GemmOutputsFollowTheAccumulator) {
  const GemmShape s{1024, 1024, 1024};
  // int8 in, int32 out; fp8 in, bf16 out; tf32 data is stored in 32-bit words.
  EXPECT_DOUBLE_EQ(gemm_work(DType::int8, s).bytes, 2.0 * 1024 * 1024 + 4.0 * 1024 * 1024);
  EXPECT_DOUBLE_EQ(gemm_work(DType::fp8_e4m3, s).bytes, 2.0 * 1024 * 1024 + 2.0 * 1024 * 1024);
  EXPECT_DOUBLE_EQ(gemm_work(DType::tf32, s).bytes, 8.0 * 1024 * 1024 + 4.0 * 1024 * 1024);
  EXPECT_DOUBLE_EQ(gemm_work(DType::bf16, s).flops, 2.0 * 1024 * 1024 * 1024);
}

}  // namespace
}  // namespace ridgeline
