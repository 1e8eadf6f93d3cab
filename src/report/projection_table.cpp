#include "report/projection_table.hpp"

#include <fmt/format.h>

#include "report/number_format.hpp"

namespace ridgeline {
namespace {

TableColumn text_column(std::string key, std::string header) {
  return {std::move(key), std::move(header), false};
}
TableColumn number_column(std::string key, std::string header) {
  return {std::move(key), std::move(header), true};
}

TableCell peak_cell(const MachineCeilings& m) {
  if (!m.compute) return {};
  const double per_second = m.compute->value * 1e9;
  return number_cell(
      per_second, format_si(per_second, m.compute->unit == RateUnit::gigaops ? "OP/s" : "FLOP/s"));
}

TableCell share_cell(const std::optional<double>& share) {
  return share ? number_cell(*share, fmt::format("{:.1f}%", *share * 100)) : TableCell{};
}

ReportTable ceilings_table(std::span<const ProjectionTarget> targets, std::string_view dtype) {
  ReportTable t;
  t.key = "ceilings";
  t.title = "Ceilings (measured: the run's best kernels; datasheet: the vendor's dense peak)";
  t.columns = {text_column("input", "input"), text_column("ceilings_from", "ceilings from"),
               number_column("peak_per_second", std::string(dtype) + " peak"),
               number_column("bandwidth_bytes_per_second", "bandwidth"),
               number_column("ridge", "ridge flop/B")};
  bool any_carried = false;
  for (const auto& target : targets) {
    const auto& m = target.ceilings;
    any_carried |= m.carried.has_value();
    const bool both = m.compute && m.bandwidth;
    t.rows.push_back(
        {text_cell(target.label),
         text_cell(fmt::format("{} ({})", ceilings_source(m), target.origin)), peak_cell(m),
         m.bandwidth
             ? number_cell(m.bandwidth->value * 1e9, format_si(m.bandwidth->value * 1e9, "B/s"))
             : TableCell{},
         both ? number_cell(m.compute->value / m.bandwidth->value,
                            format_rate(m.compute->value / m.bandwidth->value))
              : TableCell{}});
  }
  if (any_carried) {
    t.columns.push_back(number_column("bandwidth_share", "bandwidth share"));
    t.columns.push_back(number_column("compute_share", std::string(dtype) + " share"));
    for (std::size_t i = 0; i < targets.size(); ++i) {
      const auto& carried = targets[i].ceilings.carried;
      t.rows[i].push_back(share_cell(carried ? carried->bandwidth_share : std::nullopt));
      t.rows[i].push_back(share_cell(carried ? carried->compute_share : std::nullopt));
    }
    // One efficiency source per command: one line names every chip it was carried to.
    std::string chips, from, measured_chip;
    for (const auto& target : targets)
      if (target.ceilings.carried) {
        chips += fmt::format("{}{}", chips.empty() ? "" : ", ", target.origin);
        from = target.carried_from;
        measured_chip = target.ceilings.carried->chip_id;
      }
    t.notes.push_back(fmt::format(
        "Assumption: {} reach{} the same share of {} datasheet as {} reached of {}'s (peak = "
        "datasheet x {} share, bandwidth = datasheet x bandwidth share); nothing was measured "
        "on {}.",
        chips, chips.find(',') == std::string::npos ? "es" : "",
        chips.find(',') == std::string::npos ? "its" : "their", from, measured_chip, dtype,
        chips.find(',') == std::string::npos ? "it" : "them"));
  }
  return t;
}

ReportTable missing_table(std::span<const ProjectionTarget> targets) {
  ReportTable t;
  t.key = "not_projected";
  t.title = "Not projected";
  t.columns = {text_column("input", "input"), text_column("reason", "reason")};
  for (const auto& target : targets)
    if (!target.missing.empty())
      t.rows.push_back({text_cell(target.origin), text_cell(target.missing)});
  return t;
}

TableCell memory_cell(double footprint, const std::optional<double>& capacity) {
  std::string text = format_si(footprint, "B");
  if (capacity && footprint > *capacity)
    text += fmt::format(" (exceeds {})", format_si(*capacity, "B"));
  return number_cell(footprint, std::move(text));
}

TableCell duration_cell(double seconds) { return number_cell(seconds, format_duration(seconds)); }

}  // namespace

std::string ceilings_source(const MachineCeilings& m) {
  if (m.carried)
    return fmt::format("assumed: datasheet x measured shares of {}", m.carried->chip_id);
  return m.from_datasheet ? "datasheet" : "measured";
}

ReportDocument llm_projection_document(const LlmProjectionRequest& request,
                                       std::span<const ProjectionTarget> targets) {
  const LlmShape& s = request.shape;
  ReportDocument d;
  d.heading = {
      fmt::format("LLM projection, {} ({} per value): {} parameters, {}, hidden {}, {} x "
                  "head_dim {}, prompt and context {}",
                  request.dtype, counted(request.element_bytes, "byte"), format_count(s.params),
                  counted(s.layers, "layer"), s.hidden, counted(s.kv_heads, "KV head"), s.head_dim,
                  counted(s.context, "token")),
      "time = max(flops / peak, bytes / bandwidth) per phase: a roofline lower bound (compute "
      "and memory traffic fully overlapped, no overheads)"};
  d.tables.push_back(ceilings_table(targets, request.dtype));

  ReportTable t;
  t.key = "projection";
  t.title =
      "Prefill: the whole prompt of every sequence in the batch. Decode: one new token per "
      "sequence at full context; tokens/s = batch / decode step.";
  t.columns = {text_column("input", "input"),
               number_column("batch", "batch"),
               number_column("prefill_seconds", "prefill"),
               text_column("prefill_bound", "bound"),
               number_column("decode_step_seconds", "decode/step"),
               text_column("decode_bound", "bound"),
               number_column("tokens_per_second", "tokens/s"),
               number_column("footprint_bytes", "weights + KV cache")};
  for (const auto& target : targets) {
    if (!target.missing.empty()) continue;
    const double peak = target.ceilings.compute->value;
    const double bandwidth = target.ceilings.bandwidth->value;
    for (int batch : request.batches) {
      const PhaseTime prefill =
          phase_time(llm_prefill(s, batch, request.element_bytes), peak, bandwidth);
      const PhaseTime decode =
          phase_time(llm_decode_step(s, batch, request.element_bytes), peak, bandwidth);
      const double tokens = batch / decode.seconds();
      t.rows.push_back(
          {text_cell(target.label), number_cell(batch, std::to_string(batch)),
           duration_cell(prefill.seconds()), text_cell(std::string(to_string(prefill.bound()))),
           duration_cell(decode.seconds()), text_cell(std::string(to_string(decode.bound()))),
           number_cell(tokens, format_rate(tokens)),
           memory_cell(llm_footprint_bytes(s, batch, request.element_bytes), target.memory_bytes)});
    }
  }
  d.tables.push_back(std::move(t));
  d.tables.push_back(missing_table(targets));
  return d;
}

std::string format_llm_projection(const LlmProjectionRequest& request,
                                  std::span<const ProjectionTarget> targets) {
  return render(llm_projection_document(request, targets), TableFormat::table);
}

ReportDocument gemm_projection_document(const ProjectedGemm& shape, std::string_view dtype,
                                        double element_bytes,
                                        std::span<const ProjectionTarget> targets) {
  const Traffic work = gemm(shape.m, shape.n, shape.k, element_bytes);
  ReportDocument d;
  d.heading = {
      fmt::format("GEMM projection, {}: C[m x n] = A[m x k] B[k x n] with m {:.0f}, n {:.0f}, k "
                  "{:.0f}: {}, {} moved at best (intensity {} flop/B)",
                  dtype, shape.m, shape.n, shape.k, format_si(work.flops, "FLOP"),
                  format_si(work.bytes(), "B"), format_rate(work.flops / work.bytes())),
      "time = max(flops / peak, bytes / bandwidth): a roofline lower bound"};
  d.tables.push_back(ceilings_table(targets, dtype));
  ReportTable t;
  t.key = "projection";
  t.columns = {text_column("input", "input"), number_column("seconds", "time"),
               text_column("bound", "bound"), number_column("compute_seconds", "compute time"),
               number_column("memory_seconds", "memory time")};
  for (const auto& target : targets) {
    if (!target.missing.empty()) continue;
    const PhaseTime p =
        phase_time(work, target.ceilings.compute->value, target.ceilings.bandwidth->value);
    t.rows.push_back({text_cell(target.label), duration_cell(p.seconds()),
                      text_cell(std::string(to_string(p.bound()))),
                      duration_cell(p.compute_seconds), duration_cell(p.memory_seconds)});
  }
  d.tables.push_back(std::move(t));
  d.tables.push_back(missing_table(targets));
  return d;
}

std::string format_gemm_projection(const ProjectedGemm& shape, std::string_view dtype,
                                   double element_bytes,
                                   std::span<const ProjectionTarget> targets) {
  return render(gemm_projection_document(shape, dtype, element_bytes, targets), TableFormat::table);
}

}  // namespace ridgeline
