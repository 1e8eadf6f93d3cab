// Peak vector throughput: every thread runs kChains independent register-resident
// multiply-add chains, no memory traffic until each thread writes one checksum. Enough
// independent chains per thread (8) times resident warps cover the FMA latency. A GPU
// issues one instruction per clock per scheduler, so the loop's overhead counts: a
// 32-bit counter and kUnroll x kChains FMAs per iteration keep the loop above 97%
// FMA-class instructions, which the machine-code audit checks in the SASS / AMDGPU code.
#include <array>
#include <cmath>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "backends/gpu/gpu_cases.hpp"
#include "backends/gpu/gpu_check.cuh"
#include "backends/gpu/gpu_half.cuh"
#include "backends/gpu/gpu_vector.cuh"
#include "backends/gpu/peak_table.hpp"
#include "kernels/arithmetic.hpp"
#include "kernels/matrix_operands.hpp"

namespace ridgeline::RL_GPU_NS {
namespace {
namespace k = kernels;

constexpr int kChains = 8;
constexpr int kUnroll = 32;
constexpr int kThreadsPerBlock = 256;
// Seeds repeat with this period (kernels::chain_seed), so the host models 7 chains.
constexpr unsigned kSeedPeriod = 7;

// A chain policy: the register type, its seed, one step on the device, the host model
// of a whole chain, and how many multiply-adds one step performs. The host model must
// reproduce the device bit for bit (scalar types share kernels::PeakFma::step).
// Scalar chains' multiplier and addend travel as kernel arguments: a compiler that sees them
// as constants folds an integer chain (x*m+c applied 8 times is one x*m^8+c' with new
// constants), so it would execute a fraction of the declared work while the wrapping
// result still matched.
template <class Reg>
struct ChainConstants {
  Reg mul;
  Reg add;
};

template <class T>
struct ScalarChain {
  using Reg = T;
  using Constants = ChainConstants<Reg>;
  static constexpr int kMultiplyAdds = 1;
  static constexpr double kTolerance = 0;
  static Constants constants() { return {k::chain_multiplier<T>(), k::chain_addend<T>()}; }
  __device__ static Reg seed(unsigned s) { return k::chain_seed<T>(s); }
  __device__ static Reg step(Reg x, const Constants& c) { return k::fma_op(x, c.mul, c.add); }
  __device__ static double widen(Reg x) { return static_cast<double>(x); }
  static double model(unsigned s, std::uint64_t steps) {
    T x = k::chain_seed<T>(s);
    for (std::uint64_t i = 0; i < steps; ++i) x = k::PeakFma::step(x);
    return static_cast<double>(x);
  }
};

// The bits of v in `format`, for a positive normal v that the format holds exactly.
constexpr std::uint32_t exact_bits(double v, k::SmallFloatFormat format) {
  int e = 0;
  double mantissa = v;  // v = mantissa x 2^e, mantissa in [1, 2)
  for (; mantissa >= 2; mantissa /= 2) ++e;
  for (; mantissa < 1; mantissa *= 2) --e;
  double fraction = mantissa - 1;
  for (int b = 0; b < format.mantissa_bits; ++b) fraction *= 2;
  return static_cast<std::uint32_t>(e + format.bias) << format.mantissa_bits |
         static_cast<std::uint32_t>(fraction);
}

// An empty kernel argument: the chain's constants are compile-time immediates.
struct NoConstants {};

// Packed 16-bit chains: x <- x * (1 - 2^-6) + 2^-6 on both lanes. Both constants are
// exact in fp16 and bf16, and with values in [1, 8] the product and sum are exact in
// fp32, so the host model (an fp32 FMA rounded once to 16 bits) rounds exactly once,
// like the device's packed FMA. The tolerance of one 16-bit ulp at 8 per lane is for
// a device whose packed FMA rounds differently; none is expected.
// The constants are immediates of the packed FMA (a chain that rounds every step cannot
// be folded, so the compiler may see them). As a kernel argument ptxas rebuilt the
// multiplier inside the timed loop on sm_80, from two 16-bit constant-bank loads (2 x
// ULDC.U16, 2 x IMAD.U32, PRMT per iteration: 96.6% FMA issue, below the audit's 97%).
template <class Pair, class Traits>
struct PackedChain {
  using Reg = Pair;
  using Constants = NoConstants;
  static constexpr int kMultiplyAdds = 2;
  static constexpr float kMul = 1.0f - 1.0f / 64.0f;
  static constexpr float kAdd = 1.0f / 64.0f;
  // Both lanes of each constant, as the register's bits.
  static constexpr std::uint32_t kMulBits = k::replicate16(exact_bits(kMul, Traits::kFormat));
  static constexpr std::uint32_t kAddBits = k::replicate16(exact_bits(kAdd, Traits::kFormat));
  static constexpr double kTolerance = 2 * kChains * Traits::kUlpAtEight;
  static Constants constants() { return {}; }
  __device__ static Reg seed(unsigned s) {
    return Traits::pack(static_cast<float>(k::chain_seed<float>(s)),
                        static_cast<float>(k::chain_seed<float>(s + 3)));
  }
  __device__ static Reg pair(std::uint32_t bits) {
    Reg r;
    std::memcpy(static_cast<void*>(&r), &bits, sizeof(r));  // two 16-bit lanes, nothing else
    return r;
  }
  __device__ static Reg step(Reg x, Constants) {
    return __hfma2(x, pair(kMulBits), pair(kAddBits));
  }
  __device__ static double widen(Reg x) {
    return static_cast<double>(Traits::low(x)) + static_cast<double>(Traits::high(x));
  }
  static double model(unsigned s, std::uint64_t steps) {
    float low = k::chain_seed<float>(s);
    float high = k::chain_seed<float>(s + 3);
    for (std::uint64_t i = 0; i < steps; ++i) {
      low = Traits::round(std::fma(low, kMul, kAdd));
      high = Traits::round(std::fma(high, kMul, kAdd));
    }
    return static_cast<double>(low) + static_cast<double>(high);
  }
};

struct HalfTraits {
  static constexpr double kUlpAtEight = 1.0 / 128;  // 10 fraction bits, exponent 2^3
  static constexpr k::SmallFloatFormat kFormat = k::kFp16Format;
  __device__ static half2_t pack(float lo, float hi) { return __floats2half2_rn(lo, hi); }
  __device__ static float low(half2_t x) { return __low2float(x); }
  __device__ static float high(half2_t x) { return __high2float(x); }
  static float round(float x) { return __half2float(__float2half_rn(x)); }
};
#if !defined(__HIPCC__)  // AMD has no packed bf16 FMA (GpuBackend::supports)
struct Bf16Traits {
  static constexpr double kUlpAtEight = 1.0 / 16;  // 7 fraction bits, exponent 2^3
  static constexpr k::SmallFloatFormat kFormat = k::kBf16Format;
  __device__ static bf162_t pack(float lo, float hi) { return __floats2bfloat162_rn(lo, hi); }
  __device__ static float low(bf162_t x) { return __low2float(x); }
  __device__ static float high(bf162_t x) { return __high2float(x); }
  static float round(float x) { return __bfloat162float(__float2bfloat16_rn(x)); }
};
#endif

// int8 dot products: acc <- dp4a(acc, b, acc), four int8 multiply-adds per step.
struct Dot4Chain {
  using Reg = std::int32_t;
  using Constants = ChainConstants<Reg>;
  static constexpr int kMultiplyAdds = 4;
  static constexpr double kTolerance = 0;
  static constexpr std::int32_t kB = 0x03fd02ff;  // bytes -1, 2, -3, 3: every lane matters
  static Constants constants() { return {kB, 0}; }
  __device__ static Reg seed(unsigned s) { return k::chain_seed<std::int32_t>(s) * 0x01020304; }
  __device__ static Reg step(Reg acc, const Constants& c) {
#if defined(__HIPCC__)
    // Never planned on HIP (supports() refuses peak_dp4a): AMD's int8 rate is the MFMA
    // i8 one (kernel mma). The portable model keeps the one source compiling.
    return k::PeakDot4::step(acc, c.mul);
#else
    return __dp4a(acc, c.mul, acc);
#endif
  }
  __device__ static double widen(Reg x) { return static_cast<double>(x); }
  static double model(unsigned s, std::uint64_t steps) {
    std::int32_t acc = k::chain_seed<std::int32_t>(s) * 0x01020304;
    for (std::uint64_t i = 0; i < steps; ++i) acc = k::PeakDot4::step(acc, kB);
    return static_cast<double>(acc);
  }
};

// Seeds come from the thread index, so the compiler cannot see that chains repeat and
// merge them; the checksum sums every chain in a fixed order, so none is dead code.
template <class Chain>
__global__ void __launch_bounds__(kThreadsPerBlock)
    peak_kernel(unsigned iterations, typename Chain::Constants constants, double* checksums) {
  const std::uint64_t thread = grid_stride().first;
  typename Chain::Reg acc[kChains];
#pragma unroll
  for (int j = 0; j < kChains; ++j) acc[j] = Chain::seed(static_cast<unsigned>(thread + j));
    // One source iteration per machine-code iteration (no further unrolling), so the
    // audit can hold the loop body to the declared work.
#pragma unroll 1
  for (unsigned it = 0; it < iterations; it += kUnroll) {
#pragma unroll
    for (int u = 0; u < kUnroll; ++u) {
#pragma unroll
      for (int j = 0; j < kChains; ++j) acc[j] = Chain::step(acc[j], constants);
    }
  }
  double sum = 0;
#pragma unroll
  for (int j = 0; j < kChains; ++j) sum += Chain::widen(acc[j]);
  checksums[thread] = sum;
}

template <class Chain>
class PeakCase final : public GpuCase {
 public:
  // peak_per_mhz: the table's vector peak at 1 MHz (GFLOP/s), so a report can scale it
  // by the clock the device really ran at; unknown for archs the table lacks.
  PeakCase(const DeviceContext& device, std::uint64_t requested_multiply_adds,
           std::optional<double> peak_per_mhz)
      : GpuCase(device, /*flush_l2=*/false), peak_per_mhz_(peak_per_mhz) {
    use_device(device.ordinal);
    int blocks_per_sm = 0;
    GPU_CHECK(gpuOccupancyMaxActiveBlocksPerMultiprocessor(
        &blocks_per_sm, reinterpret_cast<const void*>(peak_kernel<Chain>), kThreadsPerBlock, 0));
    blocks_ = static_cast<unsigned>(std::max(blocks_per_sm, 1) * device.sms);
    const std::uint64_t per_iteration =
        std::uint64_t{blocks_} * kThreadsPerBlock * kChains * Chain::kMultiplyAdds;
    const std::uint64_t iterations = (requested_multiply_adds + per_iteration / 2) / per_iteration;
    // A 32-bit counter: far more steps than any call needs (2^31 steps of 8 chains are
    // minutes of a whole GPU), and half the loop instructions of a 64-bit one.
    constexpr std::uint64_t kMostIterations = std::uint64_t{1} << 31;
    iterations_ = static_cast<unsigned>(
        std::min(kMostIterations,
                 std::max<std::uint64_t>(kUnroll, (iterations + kUnroll - 1) / kUnroll * kUnroll)));
    checksums_ = DeviceBuffer<double>(threads());
  }

  std::uint64_t work_count() const override {
    return threads() * kChains * Chain::kMultiplyAdds * iterations_;
  }
  std::optional<double> peak_per_mhz() const override { return peak_per_mhz_; }
  void plant_wrong_value() override { flip_device_byte(checksums_.data()); }

 protected:
  void launch(gpuStream_t stream) override {
    peak_kernel<Chain><<<blocks_, kThreadsPerBlock, 0, stream>>>(iterations_, Chain::constants(),
                                                                 checksums_.data());
  }

  // Every call recomputes the same chains from the seeds, so the model is one call's.
  Verification check() override {
    std::array<double, kSeedPeriod> finals{};
    for (unsigned r = 0; r < kSeedPeriod; ++r) finals[r] = Chain::model(r, iterations_);
    std::vector<double> got(threads());
    GPU_CHECK(gpuMemcpy(got.data(), checksums_.data(), checksums_.bytes(), gpuMemcpyDeviceToHost));
    Comparison c;
    for (std::uint64_t t = 0; t < got.size(); ++t) {
      double expected = 0;
      for (int j = 0; j < kChains; ++j) expected += finals[(t + j) % kSeedPeriod];
      c.check(t, got[t], expected, Chain::kTolerance);
    }
    return c.result("thread checksums");
  }

  Params describe() const override {
    return {{"chains_per_thread", kChains},
            {"unroll", kUnroll},
            {"threads_per_block", kThreadsPerBlock},
            {"grid_blocks", blocks_},
            {"iterations", iterations_},
            {"multiply_adds_per_instruction", Chain::kMultiplyAdds},
            {"verification", "per-thread checksums against the host model"}};
  }

 private:
  std::uint64_t threads() const { return std::uint64_t{blocks_} * kThreadsPerBlock; }

  std::optional<double> peak_per_mhz_;
  unsigned blocks_ = 0;
  unsigned iterations_ = 0;
  DeviceBuffer<double> checksums_;
};

// Per thread and loop iteration: kUnroll steps of kChains chains.
MachineCodeClaim claim(const char* kernel, DType t, const char* chain, int multiply_adds) {
  MachineCodeClaim c;
  c.kernel = kernel;
  c.dtype = t;
  c.symbol = std::string("peak_kernel<.*") + chain + ">";
  c.architectures = compiled_architectures();
  c.multiply_adds_per_iteration = static_cast<double>(kUnroll) * kChains * multiply_adds;
  c.min_issue_efficiency = 0.97;
  return c;
}

}  // namespace

std::vector<MachineCodeClaim> peak_claims() {
  const char* fma = k::PeakFma::decl.name;
  std::vector<MachineCodeClaim> claims{
      claim(fma, DType::fp64, "ScalarChain<double>", 1),
      claim(fma, DType::fp32, "ScalarChain<float>", 1),
      claim(fma, DType::int32, "ScalarChain<int>", 1),
      claim(fma, DType::fp16, "HalfTraits", 2),
  };
#if !defined(__HIPCC__)  // HIP plans neither (GpuBackend::supports)
  claims.push_back(claim(fma, DType::bf16, "Bf16Traits", 2));
  claims.push_back(claim(k::PeakDot4::decl.name, DType::int8, "Dot4Chain", 4));
#endif
  return claims;
}

std::unique_ptr<PreparedCase> make_peak_case(const DeviceContext& device, const CaseSpec& spec) {
  if (!spec.options.empty())
    throw std::invalid_argument("peak kernels take no launch options (got '" +
                                spec.options.begin()->first + "')");
  const std::uint64_t n = spec.multiply_adds;
  const std::optional<double> per_mhz = gpu::peak_gflops(device.arch, spec.dtype, device.sms, 1.0);
  if (std::string_view(spec.kernel->name) == k::PeakDot4::decl.name)
    return std::make_unique<PeakCase<Dot4Chain>>(device, n, per_mhz);
  switch (spec.dtype) {
    case DType::fp64:
      return std::make_unique<PeakCase<ScalarChain<double>>>(device, n, per_mhz);
    case DType::fp32:
      return std::make_unique<PeakCase<ScalarChain<float>>>(device, n, per_mhz);
    case DType::int32:
      return std::make_unique<PeakCase<ScalarChain<std::int32_t>>>(device, n, per_mhz);
    case DType::fp16:
      return std::make_unique<PeakCase<PackedChain<half2_t, HalfTraits>>>(device, n, per_mhz);
    case DType::bf16:
#if !defined(__HIPCC__)  // no packed bf16 FMA on AMD's targets (GpuBackend::supports)
      return std::make_unique<PeakCase<PackedChain<bf162_t, Bf16Traits>>>(device, n, per_mhz);
#else
      break;
#endif
    case DType::int8:
    case DType::tf32:
    case DType::fp8_e4m3:
    case DType::fp8_e5m2:
      break;
  }
  throw SkipCase(std::string(spec.kernel->name) + " is not defined for " +
                 std::string(to_string(spec.dtype)));
}

}  // namespace ridgeline::RL_GPU_NS
