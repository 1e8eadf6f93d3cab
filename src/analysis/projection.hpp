// Workload projection: what a chip's two ceilings mean for an LLM or a GEMM. Flops and
// bytes are counted from the workload's shape; the time of a phase is the roofline bound
// max(flops / peak, bytes / bandwidth): a lower bound that assumes perfect overlap of
// compute and memory traffic, full reuse of what is loaded, and no launch or
// communication overhead. The model is written down next to each count in the .cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "analysis/ceilings.hpp"
#include "analysis/efficiency.hpp"

namespace ridgeline {

// Bytes per element of a dtype name (fp4 = 0.5); nullopt for a name we do not know.
std::optional<double> bytes_per_element(std::string_view dtype);

// A datasheet's ceilings scaled by the shares a run reached of its own chip's datasheet
// (analysis/efficiency.hpp): an assumption, and labelled as one.
struct CarriedEfficiency {
  std::string chip_id;                    // the chip the run measured: "nvidia-h200-sxm"
  std::optional<double> bandwidth_share;  // measured / datasheet; absent: none measured
  std::optional<double> compute_share;    // likewise, for the requested dtype
};

// The two numbers a projection needs, and where they came from.
struct MachineCeilings {
  std::optional<Ceiling> bandwidth;          // GB/s
  std::optional<Ceiling> compute;            // GFLOP/s (GOP/s for integers) of the requested dtype
  bool from_datasheet = false;               // false: measured by a run
  std::optional<CarriedEfficiency> carried;  // set: datasheet values x measured shares
};

// The best bandwidth and the compute ceiling of `dtype`; absent what the input lacks.
MachineCeilings machine_ceilings(const ResultFile& input, std::string_view dtype);
// The same for a datasheet, each ceiling scaled by its measured share; a ceiling without
// a share is absent (nothing is borrowed from another ceiling).
MachineCeilings carried_ceilings(const ResultFile& datasheet, std::string_view dtype,
                                 const Efficiency& efficiency);

struct Traffic {
  double flops = 0;
  double weight_bytes = 0;
  double kv_cache_bytes = 0;
  double activation_bytes = 0;  // for a GEMM: the operands and the result
  double bytes() const { return weight_bytes + kv_cache_bytes + activation_bytes; }
};

struct LlmShape {
  double params = 0;  // parameters in the weights
  int layers = 0;
  int hidden = 0;    // model width; also the query width heads x head_dim
  int kv_heads = 0;  // key/value heads (grouped-query attention)
  int head_dim = 0;
  int context = 0;  // prompt length in tokens; decode attends to this many cached tokens
};

// Prefill of a `context`-token prompt for `batch` sequences.
Traffic llm_prefill(const LlmShape& shape, int batch, double element_bytes);
// One decode step (one new token for each of `batch` sequences) at a full context.
Traffic llm_decode_step(const LlmShape& shape, int batch, double element_bytes);
// Weights plus the KV cache of `batch` full contexts: what must fit in device memory.
double llm_footprint_bytes(const LlmShape& shape, int batch, double element_bytes);

Traffic gemm(double m, double n, double k, double element_bytes);

enum class Bound { compute, memory };
std::string_view to_string(Bound b);

struct PhaseTime {
  double compute_seconds = 0;  // flops / peak
  double memory_seconds = 0;   // bytes / bandwidth
  double seconds() const {
    return compute_seconds > memory_seconds ? compute_seconds : memory_seconds;
  }
  Bound bound() const { return compute_seconds > memory_seconds ? Bound::compute : Bound::memory; }
};

// Rates in GFLOP/s and GB/s (1e9 per second), as ceilings carry them.
PhaseTime phase_time(const Traffic& work, double peak_gflops, double bandwidth_gbs);

}  // namespace ridgeline
