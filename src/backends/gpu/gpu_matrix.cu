// mma: the matrix units' instruction rate with every operand in registers. Each warp
// (wavefront) keeps one A fragment, two B fragments (+b and -b) and kChains independent
// accumulator tiles, and issues kChains x iterations matrix instructions with no memory
// traffic until every lane stores its accumulators once. One source for both vendors:
// the instruction policies are kernels/cuda/mma_sync.cuh (mma.sync) and
// kernels/hip/mfma.hpp (MFMA); the host model is mma_model.hpp.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "backends/gpu/gpu_cases.hpp"
#include "backends/gpu/gpu_check.cuh"
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

constexpr int kThreadsPerBlock = 256;
// Resident blocks per SM/CU, at most: 32 warps per SM (8 per sub-partition) or 16
// wavefronts per CU (4 per SIMD) is far more independent work than the matrix pipes
// need, and every block of the grid is resident at once, so there is no tail wave.
constexpr int kMaxBlocksPerSm = 4;

// One thread per lane of every warp. The loop issues +B then -B on every chain, the
// epilogue one more +B, so each chain runs 2 x pairs + 1 instructions and ends at
// seed + K*a*b (see kernels/matrix_operands.hpp).
template <class Op>
__global__ void __launch_bounds__(kThreadsPerBlock)
    mma_kernel(std::uint64_t pairs, typename Op::Acc* out) {
  const auto lane = static_cast<unsigned>(threadIdx.x % Op::kLanes);
  const std::uint64_t warp =
      (static_cast<std::uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x) / Op::kLanes;
  const typename Op::A a = Op::a_fragment(k::mma_a_value(warp));
  const typename Op::B plus_b = Op::b_fragment(k::mma_b_value(warp));
  const typename Op::B minus_b = Op::b_fragment(-k::mma_b_value(warp));
  typename Op::Accumulator acc[Op::kChains];
#pragma unroll
  for (int c = 0; c < Op::kChains; ++c) {
#pragma unroll
    for (int r = 0; r < Op::kAccumulators; ++r)
      acc[c][r] = static_cast<typename Op::Acc>(
          k::mma_seed(warp, lane, static_cast<unsigned>(c), static_cast<unsigned>(r)));
  }
  for (std::uint64_t p = 0; p < pairs; ++p) {
#pragma unroll
    for (int c = 0; c < Op::kChains; ++c) Op::mma(acc[c], a, plus_b);
#pragma unroll
    for (int c = 0; c < Op::kChains; ++c) Op::mma(acc[c], a, minus_b);
  }
#pragma unroll
  for (int c = 0; c < Op::kChains; ++c) Op::mma(acc[c], a, plus_b);
#pragma unroll
  for (int c = 0; c < Op::kChains; ++c) {
#pragma unroll
    for (int r = 0; r < Op::kAccumulators; ++r)
      out[k::mma_output_index(warp, static_cast<unsigned>(c), static_cast<unsigned>(r), lane,
                              Op::kChains, Op::kAccumulators, Op::kLanes)] = acc[c][r];
  }
}

template <class Op>
class MmaCase final : public GpuCase {
 public:
  MmaCase(const DeviceContext& device, DType t, std::uint64_t requested_multiply_adds)
      : GpuCase(device, /*flush_l2=*/false), dtype_(t) {
    use_device(device.ordinal);
    int blocks_per_sm = 0;
    GPU_CHECK(gpuOccupancyMaxActiveBlocksPerMultiprocessor(
        &blocks_per_sm, reinterpret_cast<const void*>(mma_kernel<Op>), kThreadsPerBlock, 0));
    blocks_per_sm_ = std::clamp(blocks_per_sm, 1, kMaxBlocksPerSm);
    blocks_ = static_cast<unsigned>(blocks_per_sm_ * std::max(device.sms, 1));
    // Iterations per chain: the request's count rounded to whole instructions, then up to
    // odd (the +B/-B pairs plus one), at least one.
    const std::uint64_t per_iteration = warps() * Op::kChains * kMultiplyAddsPerInstruction;
    const std::uint64_t iterations = (requested_multiply_adds + per_iteration / 2) / per_iteration;
    pairs_ = iterations / 2;
    output_ = DeviceBuffer<typename Op::Acc>(layout().values());
  }

  std::uint64_t work_count() const override {
    return warps() * Op::kChains * iterations() * kMultiplyAddsPerInstruction;
  }
  std::optional<double> peak_per_mhz() const override {
    return gpu::matrix_peak_gflops(device().arch, dtype_, device().sms, 1.0);
  }
  void plant_wrong_value() override { flip_device_byte(output_.data()); }

 protected:
  void launch(gpuStream_t stream) override {
    mma_kernel<Op><<<blocks_, kThreadsPerBlock, 0, stream>>>(pairs_, output_.data());
  }

  // Every call starts from the seeds, so the last call's output is one call's model.
  Verification check() override {
    std::vector<typename Op::Acc> got(output_.size());
    GPU_CHECK(gpuMemcpy(got.data(), output_.data(), output_.bytes(), gpuMemcpyDeviceToHost));
    return gpu::check_mma_output(layout(), got);
  }

  Params describe() const override {
    return {{"instruction", Op::kInstruction},
            {"instruction_shape", instruction_shape()},
            {"multiply_adds_per_instruction", kMultiplyAddsPerInstruction},
            {"threads_per_block", kThreadsPerBlock},
            {"warps_per_block", kThreadsPerBlock / Op::kLanes},
            {"lanes_per_warp", Op::kLanes},
            {"blocks_per_sm", blocks_per_sm_},
            {"grid_blocks", blocks_},
            {"chains_per_warp", Op::kChains},
            {"iterations", iterations()},
            {"verification", "every accumulator exactly: seed + K*a*b after +B/-B steps"}};
  }

 private:
  static constexpr std::uint64_t kMultiplyAddsPerInstruction =
      std::uint64_t{Op::kM} * Op::kN * Op::kK;

  std::uint64_t warps() const { return std::uint64_t{blocks_} * (kThreadsPerBlock / Op::kLanes); }
  std::uint64_t iterations() const { return 2 * pairs_ + 1; }
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
    return {warps(), Op::kLanes, Op::kChains, Op::kAccumulators, Op::kK, iterations()};
  }

  DType dtype_;
  int blocks_per_sm_ = 0;
  unsigned blocks_ = 0;
  std::uint64_t pairs_ = 0;
  DeviceBuffer<typename Op::Acc> output_;
};

template <class Op>
std::unique_ptr<PreparedCase> make(const DeviceContext& device, const CaseSpec& spec) {
  return std::make_unique<MmaCase<Op>>(device, spec.dtype, spec.multiply_adds);
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
  if (cudaFuncGetAttributes(&attributes, mma_kernel<Op>) != cudaSuccess) {
    static_cast<void>(cudaGetLastError());  // not sticky: clear it, report unavailable
    return false;
  }
  return attributes.ptxVersion >= 89 && attributes.binaryVersion >= 89;
}
#endif

}  // namespace

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
