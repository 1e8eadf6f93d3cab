#include "suite_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/units.hpp"
#include "kernels/arithmetic.hpp"

namespace ridgeline {
namespace {

// Bytes of one host <-> device copy unless --size says otherwise: large enough that the
// link, not the per-copy setup, decides (nvbandwidth's default is 512 MiB), small enough
// that pinning it is cheap and a pageable copy of it takes a fraction of a second.
constexpr std::uint64_t kTransferBytes = 256 * kMiB;

// Powers of two from 2^lo to 2^hi flop/byte.
std::vector<double> intensity_points(int lo, int hi, int step) {
  std::vector<double> points;
  for (int e = lo; e <= hi; e += step) points.push_back(std::ldexp(1.0, e));
  return points;
}

// A name's "/<key>:<value>" parts for each option of a launch-shape variant.
std::string option_suffix(const Params& options) {
  std::string out;
  for (const auto& [key, value] : options) out += fmt::format("/{}:{}", key, value.text());
  return out;
}

bool in_quick(const KernelDecl& k, DType t) {
  return t == DType::fp64 || k.family == Family::compute || k.family == Family::matrix ||
         k.family == Family::gemm;
}

// Square GEMMs, then the LLM shapes: M = tokens in flight (decode batch), N x K a weight
// matrix of an 8B-class model (4096 x 4096 attention projection, 14336 x 4096 MLP
// up/gate, 4096 x 14336 MLP down) and a 16384 x 16384 one of a 70B-class model.
std::vector<GemmShape> gemm_shapes(Suite suite) {
  std::vector<GemmShape> shapes;
  if (suite == Suite::quick) return {{4096, 4096, 4096}};
  const std::vector<std::uint64_t> squares =
      suite == Suite::full ? std::vector<std::uint64_t>{1024, 2048, 4096, 8192, 16384}
                           : std::vector<std::uint64_t>{1024, 2048, 4096, 8192};
  for (std::uint64_t s : squares) shapes.push_back({s, s, s});
  const std::vector<std::uint64_t> tokens =
      suite == Suite::full ? std::vector<std::uint64_t>{1, 2, 4, 8, 16, 32, 64, 128, 256}
                           : std::vector<std::uint64_t>{1, 16, 64, 256};
  const std::vector<std::pair<std::uint64_t, std::uint64_t>> weights =
      suite == Suite::full
          ? std::vector<std::pair<std::uint64_t, std::uint64_t>>{{4096, 4096},
                                                                 {14336, 4096},
                                                                 {4096, 14336},
                                                                 {16384, 16384}}
          : std::vector<std::pair<std::uint64_t, std::uint64_t>>{{4096, 4096}, {14336, 4096}};
  for (auto [n, k] : weights)
    for (std::uint64_t m : tokens) shapes.push_back({m, n, k});
  return shapes;
}

}  // namespace

std::optional<Suite> parse_suite(std::string_view name) {
  if (name == "quick") return Suite::quick;
  if (name == "default") return Suite::standard;
  if (name == "full") return Suite::full;
  return std::nullopt;
}

std::string_view to_string(Suite s) {
  switch (s) {
    case Suite::quick:
      return "quick";
    case Suite::standard:
      return "default";
    case Suite::full:
      return "full";
  }
  return "default";
}

int default_repetitions(Suite s) { return s == Suite::quick ? 5 : s == Suite::full ? 20 : 10; }

std::vector<std::uint64_t> collective_message_bytes(Suite s) {
  switch (s) {
    case Suite::quick:
      return {64 * kKiB, 4 * kMiB};
    case Suite::standard:
      return {kKiB, 16 * kKiB, 256 * kKiB, 4 * kMiB, 64 * kMiB};
    case Suite::full:
      break;
  }
  std::vector<std::uint64_t> sizes;
  for (std::uint64_t b = kKiB; b <= kGiB; b *= 4) sizes.push_back(b);
  return sizes;
}

std::vector<PlannedCase> plan_collectives(const Backend& transport, const DeviceInfo& device,
                                          Suite suite, int ranks) {
  std::vector<PlannedCase> plan;
  for (const KernelDecl& k : catalogue()) {
    if (k.family != Family::collective) continue;
    for (DType t : dtypes_in(k.dtypes)) {
      if (!transport.supports_on(device, k, t)) continue;
      for (std::uint64_t bytes : collective_message_bytes(suite)) {
        // Whole blocks of one element per rank at least, the same on every rank.
        const std::uint64_t per_rank = std::max<std::uint64_t>(bytes / size_of(t) / ranks, 1);
        PlannedCase c;
        c.name = fmt::format("{}/{}/bytes:{}", k.name, to_string(t), bytes);
        c.spec.kernel = &k;
        c.spec.dtype = t;
        c.spec.array_elements = per_rank * static_cast<std::uint64_t>(ranks);
        c.params = {{param_keys::kMessageBytes, c.spec.array_elements * size_of(t)}};
        plan.push_back(std::move(c));
      }
    }
  }
  return plan;
}

IntensityParams intensity_for(double flop_per_byte, DType t) {
  const KernelDecl& k = *find_kernel("intensity");
  const double bytes =
      static_cast<double>(size_of(t) * (k.loads_per_element() + k.stores_per_element()));
  const double fmas = flop_per_byte * bytes / k.flops_per_element;
  // Whole granules (a 16-bit walk step is two multiply-adds), every d-th element below one.
  const int granule = kernels::intensity_fma_granule(t);
  if (fmas >= granule) return {static_cast<int>(std::lround(fmas / granule)) * granule, 1};
  return {granule, static_cast<int>(std::lround(granule / fmas))};
}

std::vector<std::uint64_t> working_set_sweep(const DeviceInfo& device) {
  constexpr std::uint64_t kSmallest = 16 * kKiB;
  constexpr std::uint64_t kGranule = 4 * kKiB;  // whole chase slots and vectors
  constexpr std::uint64_t kUnknownLastLevel = 32 * kMiB;
  const std::uint64_t last = device.last_level_cache_bytes();
  const std::uint64_t largest =
      std::max(kSmallest, 4 * (last != 0 ? last : kUnknownLastLevel) / kGranule * kGranule);
  std::vector<std::uint64_t> sizes;
  for (std::uint64_t s = kSmallest; s < largest; s *= 2) sizes.push_back(s);
  sizes.push_back(largest);
  return sizes;
}

std::vector<PlannedCase> plan_suite(const Backend& backend, const DeviceInfo& device,
                                    const PlanRequest& request) {
  const std::uint64_t array_bytes =
      request.array_bytes.value_or(backend.default_array_bytes(device));
  const Suite suite = request.suite;
  std::vector<PlannedCase> plan;

  auto add_array_case = [&](const KernelDecl& k, DType t, std::uint64_t bytes, std::string name,
                            IntensityParams p = {}, Params params = {}) {
    PlannedCase c;
    c.name = std::move(name);
    c.spec.kernel = &k;
    c.spec.dtype = t;
    c.spec.array_elements = std::max<std::uint64_t>(bytes / size_of(t), 1);
    c.spec.intensity = p;
    c.array_bytes = c.spec.array_elements * size_of(t);
    c.params = std::move(params);
    plan.push_back(std::move(c));
  };

  // The working-set kernels (cache bandwidth and latency per cache level) and the
  // launch-shape variants are --suite full only: long sweeps, not a default run's.
  const auto add_working_set_sweep = [&](const KernelDecl& k, DType t, const std::string& base) {
    if (suite != Suite::full) return;
    for (std::uint64_t ws : working_set_sweep(device))
      add_array_case(k, t, ws, fmt::format("{}/working_set:{}", base, ws), {},
                     {{param_keys::kSweep, param_keys::kWorkingSetSweep}});
  };

  for (const KernelDecl& k : catalogue()) {
    for (DType t : dtypes_in(k.dtypes)) {
      if (!backend.supports_on(device, k, t)) continue;
      if (suite == Suite::quick && !in_quick(k, t)) continue;
      const std::string base = fmt::format("{}/{}", k.name, to_string(t));
      switch (k.family) {
        case Family::memory:
          if (k.working_set_sweep) {
            add_working_set_sweep(k, t, base);
            break;
          }
          add_array_case(k, t, array_bytes, base);
          if (suite == Suite::full)
            for (Params& options : backend.launch_option_sweep(k, t)) {
              add_array_case(k, t, array_bytes, base + option_suffix(options), {},
                             {{param_keys::kSweep, param_keys::kLaunchShapeSweep}});
              plan.back().spec.options = std::move(options);
            }
          break;
        case Family::latency:
          add_working_set_sweep(k, t, base);
          break;
        case Family::transfer:
          // A default run measures each direction the way nvbandwidth's headline does (pinned,
          // copy engine); --suite full adds the SM copy kernel and pageable memory.
          for (const TransferParams& how : transfer_variants(k)) {
            if (suite != Suite::full && how != TransferParams{}) continue;
            add_array_case(k, t, request.array_bytes.value_or(kTransferBytes),
                           fmt::format("{}/host:{}/engine:{}", base, to_string(how.host),
                                       to_string(how.engine)),
                           {},
                           {{param_keys::kTransferHost, to_string(how.host)},
                            {param_keys::kTransferEngine, to_string(how.engine)}});
            plan.back().spec.transfer = how;
          }
          break;
        case Family::compute:
        case Family::matrix: {
          PlannedCase c;
          c.name = base;
          c.spec.kernel = &k;
          c.spec.dtype = t;
          c.spec.multiply_adds = backend.default_multiply_adds(device, k, t);
          if (k.family == Family::matrix) {
            c.spec.operands = request.operands;
            c.spec.operand_seed = request.operand_seed;
          }
          plan.push_back(std::move(c));
          break;
        }
        case Family::gemm:
          for (const GemmShape& shape : gemm_shapes(suite)) {
            PlannedCase c;
            c.name = fmt::format("{}/m:{}/n:{}/k:{}", base, shape.m, shape.n, shape.k);
            c.spec.kernel = &k;
            c.spec.dtype = t;
            c.spec.gemm = shape;
            c.spec.operands = request.operands;
            c.spec.operand_seed = request.operand_seed;
            c.params = {{param_keys::kGemmM, shape.m},
                        {param_keys::kGemmN, shape.n},
                        {param_keys::kGemmK, shape.k},
                        {param_keys::kGemmShapeClass,
                         shape.m == shape.n && shape.n == shape.k ? "square" : "llm"}};
            plan.push_back(std::move(c));
          }
          break;
        case Family::collective:
          break;  // between ranks: plan_collectives, for a transport
        case Family::intensity: {
          // The 16-bit points (packed FMAs, GPU only) are --suite full's: two more sweeps
          // would add a third to a default run.
          const int granule = kernels::intensity_fma_granule(t);
          if (granule > 1 && suite != Suite::full) break;
          const auto points = suite == Suite::quick  ? intensity_points(-3, 6, 3)
                              : suite == Suite::full ? intensity_points(-3, 10, 1)
                                                     : intensity_points(-3, 8, 1);
          const int most_fmas = kernels::intensity_max_fmas(t);
          for (double ai : points) {
            const IntensityParams p = intensity_for(ai, t);
            if (most_fmas > 0 && p.fmas_num > most_fmas) continue;  // beyond the exact model
            add_array_case(k, t, array_bytes, fmt::format("{}/ai:{:g}", base, ai), p,
                           {{param_keys::kFlopPerByte, ai},
                            {param_keys::kFmasPerElement, p.fmas_per_element()}});
          }
          break;
        }
      }
    }
  }
  return plan;
}

}  // namespace ridgeline
