#include "analysis/projection.hpp"

#include <array>
#include <utility>

namespace ridgeline {

std::optional<double> bytes_per_element(std::string_view dtype) {
  // Storage size; tf32 is a compute format held in 32-bit words.
  static constexpr std::array<std::pair<std::string_view, double>, 9> kSizes{{
      {"fp64", 8},
      {"fp32", 4},
      {"tf32", 4},
      {"int32", 4},
      {"fp16", 2},
      {"bf16", 2},
      {"fp8", 1},
      {"int8", 1},
      {"fp4", 0.5},
  }};
  for (const auto& [name, bytes] : kSizes)
    if (name == dtype) return bytes;
  return std::nullopt;
}

MachineCeilings machine_ceilings(const ResultFile& input, std::string_view dtype) {
  const Ceilings ceilings = find_ceilings(input);
  MachineCeilings out;
  out.from_datasheet = input.kind == FileKind::datasheet;
  out.bandwidth = ceilings.best_bandwidth;
  for (const auto& c : ceilings.compute)
    if (c.dtype == dtype) out.compute = c;
  return out;
}

MachineCeilings carried_ceilings(const ResultFile& datasheet, std::string_view dtype,
                                 const Efficiency& efficiency) {
  const Ceilings scaled = scaled_ceilings(find_ceilings(datasheet), efficiency);
  MachineCeilings out;
  out.from_datasheet = true;
  out.bandwidth = scaled.best_bandwidth;
  for (const auto& c : scaled.compute)
    if (c.dtype == dtype) out.compute = c;
  CarriedEfficiency carried{efficiency.chip_id, std::nullopt, std::nullopt};
  if (efficiency.bandwidth) carried.bandwidth_share = efficiency.bandwidth->share();
  if (const CeilingShare* share = efficiency.for_dtype(dtype))
    carried.compute_share = share->share();
  out.carried = std::move(carried);
  return out;
}

// LLM model (a dense decoder; s = bytes per element of the dtype, B = batch, C = context,
// L = layers, H = hidden, kv = 2 x kv_heads x head_dim, the K and V values per token
// and layer):
//  - A multiply-add per weight per token: 2 x params x tokens flops. Every weight is read
//    once per forward pass, however many tokens the pass carries: params x s bytes.
//  - Attention: scores QK^T and the weighted sum over V cost 2 x H flops each per
//    (query, key) pair and layer, so 4 x H per pair.
//  - Activations: each layer reads its input and writes its output hidden state,
//    2 x H x s bytes per token and layer; what happens inside a layer stays on chip.
Traffic llm_prefill(const LlmShape& shape, int batch, double element_bytes) {
  const double b = batch, c = shape.context, l = shape.layers, h = shape.hidden;
  const double kv = 2.0 * shape.kv_heads * shape.head_dim;
  Traffic t;
  // Causal attention: the prompt's token i attends to i tokens, C (C + 1) / 2 pairs.
  t.flops = 2 * shape.params * b * c + 4 * l * b * h * c * (c + 1) / 2;
  t.weight_bytes = shape.params * element_bytes;
  t.kv_cache_bytes = b * l * c * kv * element_bytes;  // written once
  t.activation_bytes = b * c * l * 2 * h * element_bytes;
  return t;
}

Traffic llm_decode_step(const LlmShape& shape, int batch, double element_bytes) {
  const double b = batch, c = shape.context, l = shape.layers, h = shape.hidden;
  const double kv = 2.0 * shape.kv_heads * shape.head_dim;
  Traffic t;
  // One new token per sequence attends to the C cached tokens.
  t.flops = 2 * shape.params * b + 4 * l * b * c * h;
  t.weight_bytes = shape.params * element_bytes;
  // Reads the K and V of C cached tokens and writes those of the new one.
  t.kv_cache_bytes = b * l * (c + 1) * kv * element_bytes;
  t.activation_bytes = b * l * 2 * h * element_bytes;
  return t;
}

double llm_footprint_bytes(const LlmShape& shape, int batch, double element_bytes) {
  const double kv = 2.0 * shape.kv_heads * shape.head_dim;
  return shape.params * element_bytes +
         double(batch) * shape.layers * shape.context * kv * element_bytes;
}

// C = A B with A m x k, B k x n: a multiply-add per (i, j, l), and, with perfect reuse
// (the roofline's assumption), A and B read once and C written once.
Traffic gemm(double m, double n, double k, double element_bytes) {
  Traffic t;
  t.flops = 2 * m * n * k;
  t.activation_bytes = (m * k + k * n + m * n) * element_bytes;
  return t;
}

std::string_view to_string(Bound b) { return b == Bound::compute ? "compute" : "memory"; }

PhaseTime phase_time(const Traffic& work, double peak_gflops, double bandwidth_gbs) {
  return PhaseTime{work.flops / (peak_gflops * 1e9), work.bytes() / (bandwidth_gbs * 1e9)};
}

}  // namespace ridgeline
