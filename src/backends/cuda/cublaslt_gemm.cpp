// The vendor library as the reference GEMM: cuBLASLt on bf16, fp16, tf32, fp8 e4m3 and
// int8. Every dtype runs the same problem, in the layout of torch.nn.functional.linear
// (gemm_reference.hpp): cuBLASLt's column-major "TN" call C^T = W * A^T, the one
// layout its fp8 and int8 kernels accept, with the token dimension M as its n.
// The algorithm: cuBLASLt's heuristic proposes up to kHeuristicCandidates, each is
// timed with the harness's own timer and the fastest is kept and recorded.
#include <cublasLt.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "backends/cuda/cublaslt_check.hpp"
#include "backends/gpu/gemm_reference.hpp"
#include "backends/gpu/gemm_rotation.hpp"
#include "backends/gpu/gpu_cases.hpp"
#include "backends/gpu/gpu_timer.hpp"
#include "backends/gpu/matrix_peak_table.hpp"
#include "backends/gpu/peak_table.hpp"
#include "core/units.hpp"

namespace ridgeline::cuda {
namespace {

using gpu::GemmOperands;
using gpu::GemmSample;

// What cuBLASLt recommends for Hopper and PyTorch gives it there (32 MiB).
constexpr std::uint64_t kWorkspaceBytes = std::uint64_t{32} << 20;
constexpr int kHeuristicCandidates = 8;
// Each candidate is timed for about this long (at least one call, at most 50).
constexpr double kSelectionSeconds = 0.002;
constexpr std::size_t kSamplesPerSet = 512;
// Host staging for the upload of A and B, in elements.
constexpr std::uint64_t kUploadChunk = std::uint64_t{1} << 24;
// Outputs up to this size are read back whole for the check, larger ones per sample.
constexpr std::uint64_t kWholeOutputReadBytes = std::uint64_t{64} << 20;
// C is filled with this byte before the timed calls: 0x7f7f... is NaN in fp16, 3.4e38 in
// bf16/fp32 and 2139062143 in int32, none of them a possible result, so an element no
// call wrote fails the check.
constexpr int kUnwrittenByte = 0x7f;

// cuBLASLt's types for one input dtype.
struct LtTypes {
  cudaDataType_t input;
  const char* input_name;
  cudaDataType_t output;
  const char* output_name;
  cublasComputeType_t compute;
  const char* compute_name;
  cudaDataType_t scale;  // alpha and beta
  const char* scale_name;
};

LtTypes lt_types(DType t) {
  switch (t) {
    case DType::bf16:
      return {CUDA_R_16BF,        "CUDA_R_16BF",        CUDA_R_16BF, "CUDA_R_16BF",
              CUBLAS_COMPUTE_32F, "CUBLAS_COMPUTE_32F", CUDA_R_32F,  "CUDA_R_32F"};
    case DType::fp16:
      // fp32 accumulation, as PyTorch asks for; CUBLAS_COMPUTE_16F would be faster on
      // some parts but is not what fp16 training or inference runs.
      return {CUDA_R_16F,         "CUDA_R_16F",         CUDA_R_16F, "CUDA_R_16F",
              CUBLAS_COMPUTE_32F, "CUBLAS_COMPUTE_32F", CUDA_R_32F, "CUDA_R_32F"};
    case DType::tf32:
      return {CUDA_R_32F,
              "CUDA_R_32F",
              CUDA_R_32F,
              "CUDA_R_32F",
              CUBLAS_COMPUTE_32F_FAST_TF32,
              "CUBLAS_COMPUTE_32F_FAST_TF32",
              CUDA_R_32F,
              "CUDA_R_32F"};
    case DType::fp8_e4m3:
      return {CUDA_R_8F_E4M3,     "CUDA_R_8F_E4M3",     CUDA_R_16BF, "CUDA_R_16BF",
              CUBLAS_COMPUTE_32F, "CUBLAS_COMPUTE_32F", CUDA_R_32F,  "CUDA_R_32F"};
    case DType::int8:
      return {CUDA_R_8I,          "CUDA_R_8I",          CUDA_R_32I, "CUDA_R_32I",
              CUBLAS_COMPUTE_32I, "CUBLAS_COMPUTE_32I", CUDA_R_32I, "CUDA_R_32I"};
    default:
      break;
  }
  throw SkipCase("gemm is not defined for " + std::string(to_string(t)) + " on cuda");
}

// The smallest compute capability cuBLASLt needs for a dtype (fp8: Ada and later).
int minimum_compute_capability(DType t) {
  switch (t) {
    case DType::bf16:
    case DType::fp16:
    case DType::tf32:
    case DType::int8:
      return 80;
    case DType::fp8_e4m3:
      return 89;
    default:
      return 0;
  }
}

template <auto Destroy>
struct LtDestroy {
  template <class P>
  void operator()(P p) const {
    static_cast<void>(Destroy(p));  // nothing to do on failure
  }
};
using LtHandle =
    std::unique_ptr<std::remove_pointer_t<cublasLtHandle_t>, LtDestroy<cublasLtDestroy>>;
using LtMatmulDesc = std::unique_ptr<std::remove_pointer_t<cublasLtMatmulDesc_t>,
                                     LtDestroy<cublasLtMatmulDescDestroy>>;
using LtLayout = std::unique_ptr<std::remove_pointer_t<cublasLtMatrixLayout_t>,
                                 LtDestroy<cublasLtMatrixLayoutDestroy>>;
using LtPreference = std::unique_ptr<std::remove_pointer_t<cublasLtMatmulPreference_t>,
                                     LtDestroy<cublasLtMatmulPreferenceDestroy>>;

LtLayout make_layout(cudaDataType_t type, std::uint64_t rows, std::uint64_t cols,
                     std::uint64_t ld) {
  cublasLtMatrixLayout_t layout = nullptr;
  CUBLASLT_CHECK(cublasLtMatrixLayoutCreate(&layout, type, rows, cols, static_cast<int64_t>(ld)));
  return LtLayout(layout);
}

template <class T>
void set_desc(cublasLtMatmulDesc_t desc, cublasLtMatmulDescAttributes_t attribute, const T& value) {
  CUBLASLT_CHECK(cublasLtMatmulDescSetAttribute(desc, attribute, &value, sizeof(value)));
}

template <class T>
Param algo_attribute(const cublasLtMatmulAlgo_t& algo,
                     cublasLtMatmulAlgoConfigAttributes_t attribute) {
  T value{};
  std::size_t written = 0;
  if (cublasLtMatmulAlgoConfigGetAttribute(&algo, attribute, &value, sizeof(value), &written) !=
          CUBLAS_STATUS_SUCCESS ||
      written != sizeof(value))
    return "unknown";
  return value;
}

std::string mib(std::uint64_t bytes) {
  std::ostringstream text;
  text.precision(4);
  text << static_cast<double>(bytes) / static_cast<double>(kMiB) << " MiB";
  return text.str();
}

struct OperandSet {
  DeviceBuffer<std::uint8_t> a;  // A, M x K row-major
  DeviceBuffer<std::uint8_t> w;  // B held as W = B^T, N x K row-major
  DeviceBuffer<std::uint8_t> c;  // C, M x N row-major
};

// How one heuristic candidate fared in the selection.
struct Candidate {
  int rank = 0;  // position in the heuristic's list
  cublasLtMatmulHeuristicResult_t result{};
  double seconds_per_call = 0;  // 0 when it failed to run
  std::string failure;
};

class CublasLtGemmCase final : public GpuCase {
 public:
  CublasLtGemmCase(const DeviceContext& device, const CaseSpec& spec)
      : GpuCase(device, /*flush_l2=*/false),  // operand rotation does it (gemm_rotation.hpp)
        dtype_(spec.dtype),
        types_(lt_types(spec.dtype)),
        operands_{spec.gemm, spec.dtype, spec.operands,
                  gpu::splitmix64(spec.operand_seed ^ 0xa0a0a0a0a0a0a0a0ULL),
                  gpu::splitmix64(spec.operand_seed ^ 0x5b5b5b5b5b5b5b5bULL)} {
    const DType t = spec.dtype;
    const GemmShape& shape = spec.gemm;
    use_device(device.ordinal);
    const std::uint64_t in = size_of(t);
    const std::uint64_t out = size_of(kernels::gemm_output_dtype(t));
    a_bytes_ = shape.m * shape.k * in;
    w_bytes_ = shape.n * shape.k * in;
    c_bytes_ = shape.m * shape.n * out;
    allocate(device);
    upload_inputs();
    create_descriptors();
    select_algorithm();
    // Only the harness's calls may leave a result behind for the check.
    for (const OperandSet& set : sets_)
      GPU_CHECK(gpuMemsetAsync(set.c.data(), kUnwrittenByte, set.c.bytes(), stream()));
    GPU_CHECK(gpuStreamSynchronize(stream()));
    next_set_ = 0;
  }

  std::uint64_t work_count() const override { return operands_.shape.multiply_adds(); }
  std::optional<double> peak_per_mhz() const override {
    return gpu::matrix_peak_gflops(device().arch, dtype_, device().sms, 1.0);
  }
  // Corrupts the first sampled element of every operand set's C.
  void plant_wrong_value() override {
    if (samples_.empty()) samples_ = gpu::gemm_reference_samples(operands_, kSamplesPerSet);
    const std::uint64_t size = size_of(kernels::gemm_output_dtype(dtype_));
    const GemmSample& first = samples_.front();
    for (const OperandSet& set : sets_)
      flip_device_byte(set.c.data() + operands_.c_index(first.row, first.col) * size);
  }

 protected:
  void launch(gpuStream_t s) override { matmul(chosen_.result.algo, s); }

  Verification check() override {
    const std::uint64_t written = std::min<std::uint64_t>(calls_done(), sets_.size());
    if (written == 0) {
      Verification v;
      v.detail = "no call has run";
      return v;
    }
    if (samples_.empty()) samples_ = gpu::gemm_reference_samples(operands_, kSamplesPerSet);
    Verification total;
    total.verdict = Verdict::pass;
    for (std::uint64_t s = 0; s < written; ++s) {
      const Verification v =
          gpu::check_gemm_samples(dtype_, operands_.shape.k, samples_, read_samples(sets_[s].c));
      total.checked += v.checked;
      total.mismatches += v.mismatches;
      total.max_abs_error = std::max(total.max_abs_error, v.max_abs_error);
      total.tolerance = std::max(total.tolerance, v.tolerance);
      if (!v.passed() && total.passed()) {
        total.verdict = Verdict::fail;
        total.detail = "operand set " + std::to_string(s) + ": " + v.detail;
      }
    }
    return total;
  }

  Params describe() const override {
    const GemmShape& s = operands_.shape;
    const auto& algo = chosen_.result.algo;
    Params config{
        {"library", "cuBLASLt " + std::to_string(cublasLtGetVersion())},
        {"layout",
         "A M x K row-major, B K x N held as W = B^T (N x K row-major), C M x N row-major "
         "(torch.nn.functional.linear(A, W))"},
        {"cublaslt_call", "column-major C^T = op(W) op(A^T): m=" + std::to_string(s.n) +
                              " n=" + std::to_string(s.m) + " k=" + std::to_string(s.k) +
                              " lda=ldb=" + std::to_string(s.k) + " ldc=" + std::to_string(s.n)},
        {"transa", "T"},
        {"transb", "N"},
        {"a_b_type", types_.input_name},
        {"c_d_type", types_.output_name},
        {"compute_type", types_.compute_name},
        {"scale_type", types_.scale_name},
        {"alpha_beta", "1, 0"},
        {"workspace_bytes", kWorkspaceBytes},
        {"algo_selection", selection_summary()},
        {"algo_heuristic_rank", chosen_.rank},
        {"algo_id", algo_attribute<std::int32_t>(algo, CUBLASLT_ALGO_CONFIG_ID)},
        {"algo_tile_id", algo_attribute<std::uint32_t>(algo, CUBLASLT_ALGO_CONFIG_TILE_ID)},
        {"algo_stages_id", algo_attribute<std::uint32_t>(algo, CUBLASLT_ALGO_CONFIG_STAGES_ID)},
        {"algo_splitk", algo_attribute<std::int32_t>(algo, CUBLASLT_ALGO_CONFIG_SPLITK_NUM)},
        {"algo_reduction_scheme",
         algo_attribute<std::uint32_t>(algo, CUBLASLT_ALGO_CONFIG_REDUCTION_SCHEME)},
        {"algo_cta_swizzling",
         algo_attribute<std::uint32_t>(algo, CUBLASLT_ALGO_CONFIG_CTA_SWIZZLING)},
        {"algo_cluster_shape_id",
         algo_attribute<std::uint16_t>(algo, CUBLASLT_ALGO_CONFIG_CLUSTER_SHAPE_ID)},
        {"algo_workspace_bytes", chosen_.result.workspaceSize},
        {"algo_waves", static_cast<double>(chosen_.result.wavesCount)},
        {"operand_sets", sets_.size()},
        {"operand_rotation", rotation_note_},
        {param_keys::kOperands, operands_.mode == gpu::OperandMode::random ? "random" : "exact"},
        {"operand_seed", static_cast<std::int64_t>(operands_.seed_a & 0x7fffffffffffffffULL)},
        {"inputs", operands_.mode == gpu::OperandMode::random
                       ? "random sign and mantissa, magnitudes in [0.5, 2), from a seeded hash"
                       : "integers +-1..+-4 from a seeded hash, exact in every input format"},
        {"verification", std::to_string(kSamplesPerSet) +
                             " sampled elements of C per operand set against an fp64 host "
                             "reference; tolerance u_out |c| + 2^-23 sqrt(K) sum|a b| "
                             "(exact for int32)"}};
    if (dtype_ == DType::fp8_e4m3)
      config["fp8_scaling"] = "per-tensor A and B scale pointers (1.0f), fast accumulation off";
    return config;
  }

 private:
  void allocate(const DeviceContext& device) {
    const std::uint64_t set_bytes = a_bytes_ + w_bytes_ + c_bytes_;
    std::uint64_t sets = gpu::gemm_operand_sets(set_bytes, device.cache_bytes());
    std::size_t free_bytes = 0;
    std::size_t total_bytes = 0;
    GPU_CHECK(gpuMemGetInfo(&free_bytes, &total_bytes));
    // 10% of free memory stays free for the library and the runtime.
    const double usable =
        0.9 * static_cast<double>(free_bytes) - static_cast<double>(kWorkspaceBytes);
    if (static_cast<double>(set_bytes) > usable)
      throw SkipCase("gemm " + std::to_string(operands_.shape.m) + "x" +
                     std::to_string(operands_.shape.n) + "x" + std::to_string(operands_.shape.k) +
                     " needs " + mib(set_bytes + kWorkspaceBytes) + ", " + mib(free_bytes) +
                     " free");
    sets = std::min<std::uint64_t>(
        sets, std::max<std::uint64_t>(
                  1, static_cast<std::uint64_t>(usable / static_cast<double>(set_bytes))));
    rotation_note_ = sets == 1 ? "none: A + B + C (" + mib(set_bytes) + ") exceed twice the L2"
                               : std::to_string(sets) + " copies of A, B and C (" + mib(set_bytes) +
                                     " each) used in turn, so no call finds its operands in L2";
    workspace_ = DeviceBuffer<std::uint8_t>(kWorkspaceBytes);
    for (std::uint64_t i = 0; i < sets; ++i)
      sets_.push_back({DeviceBuffer<std::uint8_t>(a_bytes_), DeviceBuffer<std::uint8_t>(w_bytes_),
                       DeviceBuffer<std::uint8_t>(c_bytes_)});
    if (dtype_ == DType::fp8_e4m3) {
      const float one = 1.0f;
      fp8_scale_ = DeviceBuffer<float>(1);
      GPU_CHECK(gpuMemcpy(fp8_scale_.data(), &one, sizeof(one), gpuMemcpyHostToDevice));
    }
  }

  // A and W are drawn once on the host, encoded and uploaded in chunks to the first set,
  // then copied on the device to the others.
  void upload_inputs() {
    const std::uint64_t in = size_of(dtype_);
    std::vector<unsigned char> staging(std::min(kUploadChunk, std::max(a_bytes_, w_bytes_) / in) *
                                       in);
    auto upload = [&](std::uint64_t seed, const DeviceBuffer<std::uint8_t>& dst) {
      const std::uint64_t count = dst.bytes() / in;
      for (std::uint64_t first = 0; first < count; first += kUploadChunk) {
        const std::uint64_t n = std::min(kUploadChunk, count - first);
        gpu::encode_gemm_inputs(dtype_, operands_.mode, seed, first, n, staging.data());
        GPU_CHECK(
            gpuMemcpy(dst.data() + first * in, staging.data(), n * in, gpuMemcpyHostToDevice));
      }
    };
    upload(operands_.seed_a, sets_[0].a);
    upload(operands_.seed_b, sets_[0].w);
    for (std::size_t s = 1; s < sets_.size(); ++s) {
      GPU_CHECK(gpuMemcpy(sets_[s].a.data(), sets_[0].a.data(), a_bytes_, gpuMemcpyDeviceToDevice));
      GPU_CHECK(gpuMemcpy(sets_[s].w.data(), sets_[0].w.data(), w_bytes_, gpuMemcpyDeviceToDevice));
    }
  }

  void create_descriptors() {
    const GemmShape& s = operands_.shape;
    cublasLtHandle_t handle = nullptr;
    CUBLASLT_CHECK(cublasLtCreate(&handle));
    handle_.reset(handle);
    cublasLtMatmulDesc_t desc = nullptr;
    CUBLASLT_CHECK(cublasLtMatmulDescCreate(&desc, types_.compute, types_.scale));
    desc_.reset(desc);
    set_desc(desc, CUBLASLT_MATMUL_DESC_TRANSA, CUBLAS_OP_T);
    set_desc(desc, CUBLASLT_MATMUL_DESC_TRANSB, CUBLAS_OP_N);
    if (dtype_ == DType::fp8_e4m3) {
      const void* scale = fp8_scale_.data();
      set_desc(desc, CUBLASLT_MATMUL_DESC_A_SCALE_POINTER, scale);
      set_desc(desc, CUBLASLT_MATMUL_DESC_B_SCALE_POINTER, scale);
    }
    // cuBLASLt's A is W (stored K x N column-major, used transposed), its B is A^T
    // (stored K x M column-major), its C and D are C^T (N x M column-major).
    a_layout_ = make_layout(types_.input, s.k, s.n, s.k);
    b_layout_ = make_layout(types_.input, s.k, s.m, s.k);
    c_layout_ = make_layout(types_.output, s.n, s.m, s.n);
  }

  void select_algorithm() {
    cublasLtMatmulPreference_t preference = nullptr;
    CUBLASLT_CHECK(cublasLtMatmulPreferenceCreate(&preference));
    const LtPreference owned(preference);
    const std::uint64_t workspace = kWorkspaceBytes;
    CUBLASLT_CHECK(cublasLtMatmulPreferenceSetAttribute(
        preference, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, &workspace, sizeof(workspace)));
    std::array<cublasLtMatmulHeuristicResult_t, kHeuristicCandidates> results{};
    int returned = 0;
    CUBLASLT_CHECK(cublasLtMatmulAlgoGetHeuristic(
        handle_.get(), desc_.get(), a_layout_.get(), b_layout_.get(), c_layout_.get(),
        c_layout_.get(), preference, kHeuristicCandidates, results.data(), &returned));
    if (returned <= 0)
      throw gpu::GpuError("cublasLtMatmulAlgoGetHeuristic returned no algorithm for this shape");
    // Each candidate runs once untimed first: its kernels are loaded (lazy module
    // loading would stall behind the timer's stream hold) and one that cannot run is
    // dropped before any timed launch is queued.
    LaunchTimer timer(stream(), device().ordinal);
    for (int r = 0; r < returned; ++r) {
      Candidate candidate{r, results[static_cast<std::size_t>(r)], 0, {}};
      if (candidate.result.state != CUBLAS_STATUS_SUCCESS) {
        candidate.failure = cublasLtGetStatusName(candidate.result.state);
      } else if (const cublasStatus_t status = try_matmul(candidate.result.algo, stream());
                 status != CUBLAS_STATUS_SUCCESS) {
        candidate.failure = cublasLtGetStatusName(status);
      } else {
        GPU_CHECK(gpuStreamSynchronize(stream()));
        const auto launch_candidate = [&](gpuStream_t s) { matmul(candidate.result.algo, s); };
        const double one = timer.time(1, launch_candidate);
        const int calls =
            static_cast<int>(std::clamp(std::ceil(kSelectionSeconds / one), 1.0, 50.0));
        candidate.seconds_per_call = timer.time(calls, launch_candidate) / calls;
      }
      candidates_.push_back(candidate);
    }
    const Candidate* best = nullptr;
    for (const Candidate& c : candidates_)
      if (c.seconds_per_call > 0 &&
          (best == nullptr || c.seconds_per_call < best->seconds_per_call))
        best = &c;
    if (best == nullptr)
      throw gpu::GpuError("none of the " + std::to_string(returned) +
                          " algorithms cuBLASLt proposed ran: " + selection_summary());
    chosen_ = *best;
  }

  cublasStatus_t try_matmul(const cublasLtMatmulAlgo_t& algo, gpuStream_t s) {
    const OperandSet& set = sets_[next_set_];
    next_set_ = (next_set_ + 1) % sets_.size();
    const void* alpha = types_.scale == CUDA_R_32I ? static_cast<const void*>(&kAlphaInt)
                                                   : static_cast<const void*>(&kAlphaFloat);
    const void* beta = types_.scale == CUDA_R_32I ? static_cast<const void*>(&kBetaInt)
                                                  : static_cast<const void*>(&kBetaFloat);
    return cublasLtMatmul(handle_.get(), desc_.get(), alpha, set.w.data(), a_layout_.get(),
                          set.a.data(), b_layout_.get(), beta, set.c.data(), c_layout_.get(),
                          set.c.data(), c_layout_.get(), &algo, workspace_.data(), kWorkspaceBytes,
                          s);
  }

  void matmul(const cublasLtMatmulAlgo_t& algo, gpuStream_t s) {
    CUBLASLT_CHECK(try_matmul(algo, s));
  }

  // The sampled elements of one C as doubles, in the order of samples_.
  std::vector<double> read_samples(const DeviceBuffer<std::uint8_t>& c) const {
    const DType out = kernels::gemm_output_dtype(dtype_);
    const std::uint64_t size = size_of(out);
    std::vector<double> got;
    got.reserve(samples_.size());
    if (c.bytes() <= kWholeOutputReadBytes) {
      std::vector<unsigned char> host(c.bytes());
      GPU_CHECK(gpuMemcpy(host.data(), c.data(), c.bytes(), gpuMemcpyDeviceToHost));
      for (const GemmSample& s : samples_)
        got.push_back(gpu::decode_gemm_value(out, &host[operands_.c_index(s.row, s.col) * size]));
      return got;
    }
    std::array<unsigned char, 8> element{};
    for (const GemmSample& s : samples_) {
      GPU_CHECK(gpuMemcpy(element.data(), c.data() + operands_.c_index(s.row, s.col) * size, size,
                          gpuMemcpyDeviceToHost));
      got.push_back(gpu::decode_gemm_value(out, element.data()));
    }
    return got;
  }

  // "rank 0: 1234.5 us, rank 1: 1240.1 us (chosen), rank 2: CUBLAS_STATUS_NOT_SUPPORTED".
  std::string selection_summary() const {
    std::ostringstream text;
    text.precision(6);
    text << "cublasLtMatmulAlgoGetHeuristic (up to " << kHeuristicCandidates
         << "), each timed for ~" << kSelectionSeconds * 1e3 << " ms, fastest kept:";
    for (const Candidate& c : candidates_) {
      text << " rank " << c.rank << ": ";
      if (c.seconds_per_call > 0)
        text << c.seconds_per_call * 1e6 << " us";
      else
        text << c.failure;
      if (c.rank == chosen_.rank && c.seconds_per_call > 0) text << " (chosen)";
      text << ";";
    }
    return text.str();
  }

  static constexpr float kAlphaFloat = 1.0f;
  static constexpr float kBetaFloat = 0.0f;
  static constexpr std::int32_t kAlphaInt = 1;
  static constexpr std::int32_t kBetaInt = 0;

  DType dtype_;
  LtTypes types_;
  GemmOperands operands_;
  std::uint64_t a_bytes_ = 0;
  std::uint64_t w_bytes_ = 0;
  std::uint64_t c_bytes_ = 0;
  std::vector<OperandSet> sets_;
  std::size_t next_set_ = 0;
  std::string rotation_note_;
  DeviceBuffer<std::uint8_t> workspace_;
  DeviceBuffer<float> fp8_scale_;
  LtHandle handle_;
  LtMatmulDesc desc_;
  LtLayout a_layout_;
  LtLayout b_layout_;
  LtLayout c_layout_;
  std::vector<Candidate> candidates_;
  Candidate chosen_;
  std::vector<GemmSample> samples_;
};

}  // namespace

bool gemm_available(const DeviceContext& device, DType t) {
  const int needed = minimum_compute_capability(t);
  return needed != 0 && gpu::sm_number(device.arch) >= needed;
}

std::unique_ptr<PreparedCase> make_gemm_case(const DeviceContext& device, const CaseSpec& spec) {
  if (!spec.options.empty())
    throw std::invalid_argument("gemm takes no launch options (got '" +
                                spec.options.begin()->first + "')");
  if (spec.gemm.empty())
    throw std::invalid_argument("gemm needs a shape: m, n and k all above zero");
  const int needed = minimum_compute_capability(spec.dtype);
  if (needed == 0)
    throw SkipCase("gemm is not defined for " + std::string(to_string(spec.dtype)) + " on cuda");
  if (!gemm_available(device, spec.dtype))
    throw SkipCase("cuBLASLt gemm " + std::string(to_string(spec.dtype)) + " needs sm_" +
                   std::to_string(needed) + " or newer (" + device.arch + ")");
  return std::make_unique<CublasLtGemmCase>(device, spec);
}

}  // namespace ridgeline::cuda
