// wgmma: Hopper's warpgroup MMA from shared memory (kernels/cuda/wgmma.cuh). Every
// warpgroup repeats one m64n256 instruction on register accumulators; each call ends
// with every accumulator written once and the host checks all of them exactly
// (wgmma_model.hpp). CUDA only, and only where the binary carries sm_90a code.
#if !defined(__HIPCC__)
#include <cuda_runtime_api.h>

#include <cstdlib>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "backends/gpu/gpu_cases.hpp"
#include "backends/gpu/gpu_check.cuh"
#include "backends/gpu/matrix_operand_values.hpp"
#include "backends/gpu/matrix_peak_table.hpp"
#include "backends/gpu/wgmma_model.hpp"
#include "kernels/cuda/wgmma.cuh"
#include "kernels/matrix.hpp"

namespace ridgeline::RL_GPU_NS {
namespace {
namespace wg = kernels::wgmma;

// Only the sm_90a build of the kernels has the instruction; every other target compiles
// them empty. The probe says which one the driver loaded for this device.
void require_sm90a_code(const DeviceContext& device, const void* kernel) {
  cudaFuncAttributes attributes{};
  GPU_CHECK(cudaFuncGetAttributes(&attributes, kernel));
  DeviceBuffer<int> has_wgmma(1);
  GPU_CHECK(gpuMemset(has_wgmma.data(), 0, sizeof(int)));
  wg::wgmma_arch_probe<<<1, 1>>>(has_wgmma.data());
  GPU_CHECK_LAUNCH("wgmma_arch_probe launch");
  GPU_CHECK(gpuDeviceSynchronize());
  if (has_wgmma.read(0) == 1) return;
  throw SkipCase("wgmma needs sm_90a code, but on " + device.arch + " this binary runs sm_" +
                 std::to_string(attributes.binaryVersion) + " code (PTX " +
                 std::to_string(attributes.ptxVersion) +
                 "); rebuild with RIDGELINE_CUDA_ARCHITECTURES including 90a");
}

template <class Instr>
class WgmmaCase final : public GpuCase {
 public:
  using Acc = typename Instr::Acc;

  WgmmaCase(const DeviceContext& device, const CaseSpec& spec, int warpgroups_per_block)
      : GpuCase(device, /*flush_l2=*/false),
        warpgroups_per_block_(warpgroups_per_block),
        mode_(spec.operands),
        seed_(spec.operand_seed) {
    use_device(device.ordinal);
    const auto* kernel = reinterpret_cast<const void*>(wg::wgmma_kernel<Instr>);
    require_sm90a_code(device, kernel);
    int blocks_per_sm = 0;
    GPU_CHECK(gpuOccupancyMaxActiveBlocksPerMultiprocessor(&blocks_per_sm, kernel,
                                                           threads_per_block(), 0));
    if (blocks_per_sm < 1)
      throw std::runtime_error("wgmma: no block of " + std::to_string(threads_per_block()) +
                               " threads fits an SM");
    blocks_per_sm_ = blocks_per_sm;
    blocks_ = static_cast<unsigned>(blocks_per_sm * device.sms);
    iterations_ = gpu::wgmma_iterations_for(Instr::kDType, spec.multiply_adds, warpgroups());
    bits_ = gpu::operand_bits(Instr::kDType, device.arch, mode_, seed_,
                              static_cast<unsigned>(wg::instruction_k(Instr::kDType)));
    out_ = DeviceBuffer<Acc>(warpgroups() * wg::kAccumulatorsPerThread * wg::kWarpgroupThreads);
  }

  std::uint64_t work_count() const override {
    return gpu::wgmma_multiply_adds(Instr::kDType, warpgroups(), iterations_);
  }
  std::optional<double> peak_per_mhz() const override {
    return gpu::matrix_peak_gflops(device().arch, Instr::kDType, device().sms, 1.0);
  }
  void plant_wrong_value() override { flip_device_byte(out_.data()); }

 protected:
  void launch(gpuStream_t stream) override {
    wg::wgmma_kernel<Instr>
        <<<blocks_, static_cast<unsigned>(threads_per_block()), 0, stream>>>(wg::KernelArgs<Acc>{
            iterations_, bits_, mode_ == gpu::OperandMode::random ? 1 : 0, out_.data()});
    GPU_CHECK_LAUNCH("wgmma_kernel launch");
  }

  // Every call recomputes the same accumulators from the seeds (and from zero), so one
  // call's model holds after any number of calls.
  Verification check() override {
    std::vector<Acc> got(out_.size());
    GPU_CHECK(gpuMemcpy(got.data(), out_.data(), out_.bytes(), gpuMemcpyDeviceToHost));
    const auto expectation =
        gpu::expect_matrix(Instr::kDType, device().arch, mode_, bits_,
                           static_cast<unsigned>(wg::instruction_k(Instr::kDType)),
                           gpu::wgmma_instructions(iterations_));
    return gpu::check_wgmma_accumulators(expectation, std::span<const Acc>(got));
  }

  Params describe() const override {
    return {
        {"instruction", Instr::kInstruction},
        {"multiply_adds_per_instruction", gpu::wgmma_multiply_adds_per_instruction(Instr::kDType)},
        {"tiles",
         "A 64xK and B 256xK in shared memory, K-major, no swizzle (ones, a, -b; ones, b, a); "
         "fp32/int32 accumulators in registers"},
        {param_keys::kOperands, mode_ == gpu::OperandMode::random ? "random" : "exact"},
        {"operand_seed", static_cast<std::int64_t>(seed_ & 0x7fffffffffffffffULL)},
        {"grid_blocks", blocks_},
        {"warpgroups_per_block", warpgroups_per_block_},
        {"threads_per_block", threads_per_block()},
        {"warpgroups_per_sm", blocks_per_sm_ * warpgroups_per_block_},
        {"warpgroups", warpgroups()},
        {"instructions_per_warpgroup", gpu::wgmma_instructions(iterations_)},
        {"verification",
         mode_ == gpu::OperandMode::random
             ? "one warpgroup in four counts (ones, +K per instruction, exact); the others "
               "multiply random (a, b) and (-b, a) in turn, which cancel exactly, and must "
               "end at K*a*b"
             : "every warpgroup counts: seed + N*K in every accumulator, exactly"}};
  }

 private:
  int threads_per_block() const { return warpgroups_per_block_ * wg::kWarpgroupThreads; }
  std::uint64_t warpgroups() const {
    return std::uint64_t{blocks_} * static_cast<std::uint64_t>(warpgroups_per_block_);
  }

  int warpgroups_per_block_ = 0;
  gpu::OperandMode mode_;
  std::uint64_t seed_;
  kernels::MatrixOperandBits bits_{};
  int blocks_per_sm_ = 0;
  unsigned blocks_ = 0;
  unsigned iterations_ = 0;
  DeviceBuffer<Acc> out_;
};

// Per thread and loop iteration: two instructions of the warpgroup's 128 threads.
template <class Instr>
MachineCodeClaim wgmma_claim(const char* name) {
  MachineCodeClaim c;
  c.kernel = kernels::MatrixWgmma::decl.name;
  c.dtype = Instr::kDType;
  c.symbol = std::string("wgmma_kernel<ridgeline::kernels::wgmma::") + name + ">";
  for (const auto& arch : compiled_architectures())
    if (arch == "sm_90a") c.architectures.push_back(arch);  // the only target with the code
  c.multiply_adds_per_iteration =
      2.0 * static_cast<double>(gpu::wgmma_multiply_adds_per_instruction(Instr::kDType)) /
      wg::kWarpgroupThreads;
  return c;
}

}  // namespace

std::vector<MachineCodeClaim> wgmma_claims() {
  return {wgmma_claim<wg::Fp16>("Fp16"), wgmma_claim<wg::Bf16>("Bf16"),
          wgmma_claim<wg::Fp8E4m3>("Fp8E4m3"), wgmma_claim<wg::Fp8E5m2>("Fp8E5m2"),
          wgmma_claim<wg::Int8>("Int8")};
}

std::unique_ptr<PreparedCase> make_wgmma_case(const DeviceContext& device, const CaseSpec& spec) {
  const int warpgroups = gpu::parse_wgmma_warpgroups(spec.options);
  if (!gpu::matrix_kernel_available(device.arch, kernels::MatrixWgmma::decl.name, spec.dtype))
    throw SkipCase("wgmma needs an sm_90 device (this one is " + device.arch + ")");
  switch (spec.dtype) {
    case DType::fp16:
      return std::make_unique<WgmmaCase<wg::Fp16>>(device, spec, warpgroups);
    case DType::bf16:
      return std::make_unique<WgmmaCase<wg::Bf16>>(device, spec, warpgroups);
    case DType::fp8_e4m3:
      return std::make_unique<WgmmaCase<wg::Fp8E4m3>>(device, spec, warpgroups);
    case DType::fp8_e5m2:
      return std::make_unique<WgmmaCase<wg::Fp8E5m2>>(device, spec, warpgroups);
    case DType::int8:
      return std::make_unique<WgmmaCase<wg::Int8>>(device, spec, warpgroups);
    default:
      break;
  }
  throw SkipCase("wgmma is not defined for " + std::string(to_string(spec.dtype)));
}

}  // namespace ridgeline::RL_GPU_NS
#endif
