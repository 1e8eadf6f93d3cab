#include "report/projection_table.hpp"

#include <fmt/format.h>

#include "report/number_format.hpp"
#include "report/text_table.hpp"

namespace ridgeline {
namespace {

std::string peak_cell(const MachineCeilings& m) {
  if (!m.compute) return "-";
  return format_si(m.compute->value * 1e9,
                   m.compute->unit == RateUnit::gigaops ? "OP/s" : "FLOP/s");
}

std::string ceilings_table(std::span<const ProjectionTarget> targets, std::string_view dtype) {
  TextTable table(
      {"input", "ceilings from", std::string(dtype) + " peak", "bandwidth", "ridge flop/B"},
      {TextTable::Align::left, TextTable::Align::left});
  for (const auto& t : targets) {
    const auto& m = t.ceilings;
    const bool both = m.compute && m.bandwidth;
    table.add_row({t.label,
                   fmt::format("{} ({})", m.from_datasheet ? "datasheet" : "measured", t.origin),
                   peak_cell(m), m.bandwidth ? format_si(m.bandwidth->value * 1e9, "B/s") : "-",
                   both ? format_rate(m.compute->value / m.bandwidth->value) : "-"});
  }
  return "Ceilings (measured: the run's best kernels; datasheet: the vendor's dense peak)\n" +
         table.render();
}

std::string missing_section(std::span<const ProjectionTarget> targets) {
  std::string out;
  for (const auto& t : targets)
    if (!t.missing.empty()) out += fmt::format("  {}: {}\n", t.origin, t.missing);
  return out.empty() ? out : "\nNot projected\n" + out;
}

std::string memory_cell(double footprint, const std::optional<double>& capacity) {
  std::string cell = format_si(footprint, "B");
  if (capacity && footprint > *capacity)
    cell += fmt::format(" (exceeds {})", format_si(*capacity, "B"));
  return cell;
}

}  // namespace

std::string format_llm_projection(const LlmProjectionRequest& request,
                                  std::span<const ProjectionTarget> targets) {
  const LlmShape& s = request.shape;
  std::string out = fmt::format(
      "LLM projection, {} ({} per value): {} parameters, {}, hidden {}, {} x head_dim {}, "
      "prompt and context {}\n"
      "time = max(flops / peak, bytes / bandwidth) per phase: a roofline lower bound (compute "
      "and memory traffic fully overlapped, no overheads)\n\n",
      request.dtype, counted(request.element_bytes, "byte"), format_count(s.params),
      counted(s.layers, "layer"), s.hidden, counted(s.kv_heads, "KV head"), s.head_dim,
      counted(s.context, "token"));
  out += ceilings_table(targets, request.dtype);

  TextTable table({"input", "batch", "prefill", "bound", "decode/step", "bound", "tokens/s",
                   "weights + KV cache"},
                  {TextTable::Align::left, TextTable::Align::right, TextTable::Align::right,
                   TextTable::Align::left, TextTable::Align::right, TextTable::Align::left,
                   TextTable::Align::right, TextTable::Align::right});
  for (const auto& t : targets) {
    if (!t.missing.empty()) continue;
    const double peak = t.ceilings.compute->value, bandwidth = t.ceilings.bandwidth->value;
    for (int batch : request.batches) {
      const PhaseTime prefill =
          phase_time(llm_prefill(s, batch, request.element_bytes), peak, bandwidth);
      const PhaseTime decode =
          phase_time(llm_decode_step(s, batch, request.element_bytes), peak, bandwidth);
      table.add_row(
          {t.label, std::to_string(batch), format_duration(prefill.seconds()),
           std::string(to_string(prefill.bound())), format_duration(decode.seconds()),
           std::string(to_string(decode.bound())), format_rate(batch / decode.seconds()),
           memory_cell(llm_footprint_bytes(s, batch, request.element_bytes), t.memory_bytes)});
    }
  }
  if (!table.empty())
    out +=
        "\nPrefill: the whole prompt of every sequence in the batch. Decode: one new token "
        "per sequence\nat full context; tokens/s = batch / decode step.\n" +
        table.render();
  return out + missing_section(targets);
}

std::string format_gemm_projection(const ProjectedGemm& shape, std::string_view dtype,
                                   double element_bytes,
                                   std::span<const ProjectionTarget> targets) {
  const Traffic work = gemm(shape.m, shape.n, shape.k, element_bytes);
  std::string out = fmt::format(
      "GEMM projection, {}: C[m x n] = A[m x k] B[k x n] with m {:.0f}, n {:.0f}, k {:.0f}: {}, "
      "{} moved at best (intensity {} flop/B)\n"
      "time = max(flops / peak, bytes / bandwidth): a roofline lower bound\n\n",
      dtype, shape.m, shape.n, shape.k, format_si(work.flops, "FLOP"), format_si(work.bytes(), "B"),
      format_rate(work.flops / work.bytes()));
  out += ceilings_table(targets, dtype);
  TextTable table({"input", "time", "bound", "compute time", "memory time"},
                  {TextTable::Align::left, TextTable::Align::right, TextTable::Align::left});
  for (const auto& t : targets) {
    if (!t.missing.empty()) continue;
    const PhaseTime p = phase_time(work, t.ceilings.compute->value, t.ceilings.bandwidth->value);
    table.add_row({t.label, format_duration(p.seconds()), std::string(to_string(p.bound())),
                   format_duration(p.compute_seconds), format_duration(p.memory_seconds)});
  }
  if (!table.empty()) {
    out += '\n';  // appended in steps: GCC 12 flags "\n" + string with a false -Wrestrict
    out += table.render();
  }
  return out + missing_section(targets);
}

}  // namespace ridgeline
