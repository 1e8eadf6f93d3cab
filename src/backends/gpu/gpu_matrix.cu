// mma: the matrix units' instruction rate with every operand in registers. Each warp
// (wavefront) keeps one A fragment, two B fragments (+b and -b) and kChains independent
// accumulator tiles, and issues kChains x iterations matrix instructions with no memory
// traffic until every lane stores its accumulators once. One source for both vendors:
// the instruction policies are kernels/cuda/mma_sync.cuh (mma.sync) and
// kernels/hip/mfma.hpp (MFMA); the host model is mma_model.hpp.
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/gpu/gpu_cases.hpp"
#include "backends/gpu/gpu_check.cuh"
#include "backends/gpu/matrix_operand_values.hpp"
#include "backends/gpu/matrix_peak_table.hpp"
#include "backends/gpu/mma_model.hpp"
#include "kernels/matrix.hpp"
#include "kernels/matrix_operands.hpp"
#if defined(__HIPCC__)
#include "kernels/hip/mfma.hpp"
#else
#include "kernels/cuda/mma_sync.cuh"
#endif

namespace ridgeline::RL_GPU_NS {
namespace {
namespace k = kernels;
using gpu::OperandMode;

constexpr int kThreadsPerBlock = 256;
// Resident blocks per SM/CU, at most: 32 warps per SM (8 per sub-partition) or 16
// wavefronts per CU (4 per SIMD) is far more independent work than the matrix pipes
// need, and every block of the grid is resident at once, so there is no tail wave.
constexpr int kMaxBlocksPerSm = 4;
// Instructions per chain per loop iteration: the two operand sets in turn.
constexpr int kStepsPerIteration = 2;

// One thread per lane of every warp. Every iteration issues, on every chain, one
// instruction with each operand set (counting chains multiply ones, random chains set 0
// then set 1), each accumulating onto the last; one more set-0 instruction follows the
// loop (kernels/matrix_operands.hpp). kRandom is a template argument, so which chains
// count is known when the loop is compiled.
template <class Op, bool kRandom>
__global__ void __launch_bounds__(kThreadsPerBlock)
    mma_kernel(unsigned iterations, k::MatrixOperandBits bits, typename Op::Acc* out) {
  const auto lane = static_cast<unsigned>(threadIdx.x % Op::kLanes);
  const std::uint64_t warp =
      (static_cast<std::uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x) / Op::kLanes;
  const typename Op::A one_a = Op::a_fragment(bits.one);
  const typename Op::B one_b = Op::b_fragment(bits.one);
  const typename Op::A a[2] = {Op::a_fragment(bits.a[0]), Op::a_fragment(bits.a[1])};
  const typename Op::B b[2] = {Op::b_fragment(bits.b[0]), Op::b_fragment(bits.b[1])};
  typename Op::Accumulator acc[Op::kChains];
#pragma unroll
  for (int c = 0; c < Op::kChains; ++c) {
#pragma unroll
    for (int r = 0; r < Op::kAccumulators; ++r)
      acc[c][r] = static_cast<typename Op::Acc>(
          k::counting_chain(kRandom, c)
              ? Op::kK * k::mma_seed(warp, lane, static_cast<unsigned>(c), static_cast<unsigned>(r))
              : 0);
  }
  const auto step = [&](int s) {
#pragma unroll
    for (int c = 0; c < Op::kChains; ++c) {
      if (k::counting_chain(kRandom, c))
        Op::mma(acc[c], one_a, one_b);
      else
        Op::mma(acc[c], a[s], b[s]);
    }
  };
  // One source iteration per machine-code iteration, so the audit can hold the loop
  // body to the declared work (the matrix pipe, not issue, bounds it: no unrolling lost).
#pragma unroll 1
  for (unsigned it = 0; it < iterations; ++it) {
#pragma unroll
    for (int s = 0; s < kStepsPerIteration; ++s) step(s);
  }
  step(0);
#pragma unroll
  for (int c = 0; c < Op::kChains; ++c) {
#pragma unroll
    for (int r = 0; r < Op::kAccumulators; ++r)
      out[k::mma_output_index(warp, static_cast<unsigned>(c), static_cast<unsigned>(r), lane,
                              Op::kChains, Op::kAccumulators, Op::kLanes)] = acc[c][r];
  }
}

template <class Op>
using MmaKernel = void (*)(unsigned, k::MatrixOperandBits, typename Op::Acc*);

template <class Op>
MmaKernel<Op> mma_kernel_for(OperandMode mode) {
  return mode == OperandMode::random ? mma_kernel<Op, true> : mma_kernel<Op, false>;
}

constexpr std::uint64_t kMultiplyAddsPerInstruction(int m, int n, int kk) {
  return std::uint64_t{static_cast<unsigned>(m)} * static_cast<unsigned>(n) *
         static_cast<unsigned>(kk);
}

template <class Op>
class MmaCase final : public GpuCase {
  static constexpr std::uint64_t kPerInstruction =
      kMultiplyAddsPerInstruction(Op::kM, Op::kN, Op::kK);

 public:
  MmaCase(const DeviceContext& device, const CaseSpec& spec)
      : GpuCase(device, /*flush_l2=*/false),
        dtype_(spec.dtype),
        mode_(spec.operands),
        seed_(spec.operand_seed),
        kernel_(mma_kernel_for<Op>(spec.operands)) {
    use_device(device.ordinal);
    int blocks_per_sm = 0;
    GPU_CHECK(gpuOccupancyMaxActiveBlocksPerMultiprocessor(
        &blocks_per_sm, reinterpret_cast<const void*>(kernel_), kThreadsPerBlock, 0));
    blocks_per_sm_ = std::clamp(blocks_per_sm, 1, kMaxBlocksPerSm);
    blocks_ = static_cast<unsigned>(blocks_per_sm_ * std::max(device.sms, 1));
    // Iterations per call: the request rounded to whole iterations, at least one, and no
    // more than keep a counting chain's accumulator exact (a longer sample batches calls).
    const std::uint64_t per_iteration =
        warps() * Op::kChains * kStepsPerIteration * kPerInstruction;
    const std::uint64_t wanted = (spec.multiply_adds + per_iteration / 2) / per_iteration;
    const std::uint64_t most =
        (gpu::max_counted_instructions(dtype_, Op::kK) - 1) / kStepsPerIteration;
    iterations_ = static_cast<unsigned>(
        std::clamp<std::uint64_t>(wanted, 1, std::min<std::uint64_t>(most, 1U << 30)));
    bits_ = gpu::operand_bits(dtype_, device.arch, mode_, seed_, Op::kK);
    output_ = DeviceBuffer<typename Op::Acc>(layout().values());
  }

  std::uint64_t work_count() const override {
    return warps() * Op::kChains * instructions() * kPerInstruction;
  }
  std::optional<double> peak_per_mhz() const override {
    return gpu::matrix_peak_gflops(device().arch, dtype_, device().sms, 1.0);
  }
  void plant_wrong_value() override { flip_device_byte(output_.data()); }

 protected:
  void launch(gpuStream_t stream) override {
    kernel_<<<blocks_, kThreadsPerBlock, 0, stream>>>(iterations_, bits_, output_.data());
  }

  // Every call starts from the seeds (and from zero), so the last call's output is one
  // call's model.
  Verification check() override {
    std::vector<typename Op::Acc> got(output_.size());
    GPU_CHECK(gpuMemcpy(got.data(), output_.data(), output_.bytes(), gpuMemcpyDeviceToHost));
    return gpu::check_mma_output(layout(), expectation(), got);
  }

  Params describe() const override {
    return {{"instruction", Op::kInstruction},
            {"instruction_shape", instruction_shape()},
            {"multiply_adds_per_instruction", kPerInstruction},
            {"threads_per_block", kThreadsPerBlock},
            {"warps_per_block", kThreadsPerBlock / Op::kLanes},
            {"lanes_per_warp", Op::kLanes},
            {"blocks_per_sm", blocks_per_sm_},
            {"grid_blocks", blocks_},
            {"chains_per_warp", Op::kChains},
            {"instructions_per_chain", instructions()},
            {param_keys::kOperands, mode_ == OperandMode::random ? "random" : "exact"},
            {"operand_seed", static_cast<std::int64_t>(seed_ & 0x7fffffffffffffffULL)},
            {"verification",
             mode_ == OperandMode::random
                 ? "chain 0 of every warp counts (ones, +K per instruction, exact); the "
                   "other chains multiply random (a, b) and (-b, a) in turn, which cancel "
                   "exactly, and must end at K*a*b"
                 : "every chain counts: seed + N*K in every accumulator, exactly"}};
  }

 private:
  std::uint64_t warps() const { return std::uint64_t{blocks_} * (kThreadsPerBlock / Op::kLanes); }
  std::uint64_t instructions() const { return std::uint64_t{iterations_} * kStepsPerIteration + 1; }
  static std::string instruction_shape() {
    std::string shape = "m";  // appended in steps: GCC 12 warns falsely on "m" + string
    shape += std::to_string(Op::kM);
    shape += 'n';
    shape += std::to_string(Op::kN);
    shape += 'k';
    shape += std::to_string(Op::kK);
    return shape;
  }
  gpu::MmaOutputLayout layout() const {
    return {warps(), Op::kLanes, Op::kChains, Op::kAccumulators};
  }
  gpu::MatrixExpectation expectation() const {
    return gpu::expect_matrix(dtype_, device().arch, mode_, bits_, Op::kK, instructions());
  }

  DType dtype_;
  OperandMode mode_;
  std::uint64_t seed_;
  MmaKernel<Op> kernel_;
  k::MatrixOperandBits bits_{};
  int blocks_per_sm_ = 0;
  unsigned blocks_ = 0;
  unsigned iterations_ = 0;
  DeviceBuffer<typename Op::Acc> output_;
};

template <class Op>
std::unique_ptr<PreparedCase> make(const DeviceContext& device, const CaseSpec& spec) {
  return std::make_unique<MmaCase<Op>>(device, spec);
}

// Per thread and loop iteration: every chain's instruction with each operand set.
// `only_on`: the policy is the one used on targets whose name starts with it ("" = all).
template <class Op>
MachineCodeClaim mma_claim(DType t, const char* policy, std::string_view only_on = "",
                           bool excluding = false) {
  MachineCodeClaim c;
  c.kernel = k::MatrixMma::decl.name;
  c.dtype = t;
  c.symbol = std::string("mma_kernel<ridgeline::kernels::") + policy + ", (true|false)>";
  for (const auto& arch : compiled_architectures()) {
    const bool named = !only_on.empty() && arch.rfind(only_on, 0) == 0;
    if (!only_on.empty() && named == excluding) continue;
    if (gpu::matrix_kernel_available(arch, c.kernel, t)) c.architectures.push_back(arch);
  }
  c.multiply_adds_per_iteration =
      static_cast<double>(Op::kChains * kStepsPerIteration) *
      static_cast<double>(kMultiplyAddsPerInstruction(Op::kM, Op::kN, Op::kK)) / Op::kLanes;
  return c;
}

#if !defined(__HIPCC__)
// Whether the code this device loads for Op's kernel was compiled with the instruction:
// a device runs the best cubin the binary has for it, so an sm_89 part (L40S, RTX 4090)
// loads the sm_80 code, where the fp8 kernels are empty. ptxVersion is the virtual
// architecture (__CUDA_ARCH__ / 10) that code came from.
template <class Op>
bool loaded_code_has_fp8(const DeviceContext& device) {
  use_device(device.ordinal);
  cudaFuncAttributes attributes{};
  if (cudaFuncGetAttributes(&attributes, mma_kernel<Op, true>) != cudaSuccess) {
    static_cast<void>(cudaGetLastError());  // not sticky: clear it, report unavailable
    return false;
  }
  return attributes.ptxVersion >= 89 && attributes.binaryVersion >= 89;
}
#endif

}  // namespace

std::vector<MachineCodeClaim> mma_claims() {
#if defined(__HIPCC__)
  return {mma_claim<k::MfmaF32>(DType::fp32, "MfmaF32"),
          mma_claim<k::MfmaF16>(DType::fp16, "MfmaF16"),
          mma_claim<k::MfmaBf16>(DType::bf16, "MfmaBf16"),
          mma_claim<k::MfmaI8K8>(DType::int8, "MfmaI8K8", "gfx90a"),
          mma_claim<k::MfmaI8K16>(DType::int8, "MfmaI8K16", "gfx90a", /*excluding=*/true),
          mma_claim<k::MfmaXf32>(DType::tf32, "MfmaXf32"),
          mma_claim<k::MfmaFp8>(DType::fp8_e4m3, "MfmaFp8"),
          mma_claim<k::MfmaBf8>(DType::fp8_e5m2, "MfmaBf8")};
#else
  return {mma_claim<k::MmaSyncF16>(DType::fp16, "MmaSyncF16"),
          mma_claim<k::MmaSyncBf16>(DType::bf16, "MmaSyncBf16"),
          mma_claim<k::MmaSyncTf32>(DType::tf32, "MmaSyncTf32"),
          mma_claim<k::MmaSyncS8>(DType::int8, "MmaSyncS8"),
          mma_claim<k::MmaSyncE4m3>(DType::fp8_e4m3, "MmaSyncE4m3"),
          mma_claim<k::MmaSyncE5m2>(DType::fp8_e5m2, "MmaSyncE5m2")};
#endif
}

bool mma_available(const DeviceContext& device, DType t) {
  if (!gpu::matrix_kernel_available(device.arch, k::MatrixMma::decl.name, t)) return false;
#if !defined(__HIPCC__)
  if (t == DType::fp8_e4m3) return loaded_code_has_fp8<k::MmaSyncE4m3>(device);
  if (t == DType::fp8_e5m2) return loaded_code_has_fp8<k::MmaSyncE5m2>(device);
#endif
  return true;
}

std::unique_ptr<PreparedCase> make_mma_case(const DeviceContext& device, const CaseSpec& spec) {
  if (!spec.options.empty())
    throw std::invalid_argument("mma takes no launch options (got '" + spec.options.begin()->first +
                                "')");
  if (!mma_available(device, spec.dtype))
    throw SkipCase(std::string("mma has no ") + std::string(to_string(spec.dtype)) +
                   " instruction in this binary's code for " + device.arch);
#if defined(__HIPCC__)
  const bool cdna2 = device.arch.rfind("gfx90a", 0) == 0;
  switch (spec.dtype) {
    case DType::fp32:
      return make<k::MfmaF32>(device, spec);
    case DType::fp16:
      return make<k::MfmaF16>(device, spec);
    case DType::bf16:
      return make<k::MfmaBf16>(device, spec);
    case DType::int8:
      return cdna2 ? make<k::MfmaI8K8>(device, spec) : make<k::MfmaI8K16>(device, spec);
    case DType::tf32:
      return make<k::MfmaXf32>(device, spec);
    case DType::fp8_e4m3:
      return make<k::MfmaFp8>(device, spec);
    case DType::fp8_e5m2:
      return make<k::MfmaBf8>(device, spec);
    case DType::fp64:
    case DType::int32:
      break;
  }
#else
  switch (spec.dtype) {
    case DType::fp16:
      return make<k::MmaSyncF16>(device, spec);
    case DType::bf16:
      return make<k::MmaSyncBf16>(device, spec);
    case DType::tf32:
      return make<k::MmaSyncTf32>(device, spec);
    case DType::int8:
      return make<k::MmaSyncS8>(device, spec);
    case DType::fp8_e4m3:
      return make<k::MmaSyncE4m3>(device, spec);
    case DType::fp8_e5m2:
      return make<k::MmaSyncE5m2>(device, spec);
    case DType::fp32:
    case DType::fp64:
    case DType::int32:
      break;
  }
#endif
  throw SkipCase(std::string("mma is not defined for ") + std::string(to_string(spec.dtype)) +
                 " on " RL_GPU_BACKEND_NAME);
}

}  // namespace ridgeline::RL_GPU_NS
