#include "report/projection_json.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>

namespace ridgeline {
namespace {

using ojson = nlohmann::ordered_json;

// Ceilings carry GB/s and GFLOP/s; the file says per second in base units.
ojson target_json(const ProjectionTarget& t) {
  const MachineCeilings& m = t.ceilings;
  ojson j = {{"input", t.label},
             {"origin", t.origin},
             {"ceilings_from", m.carried          ? "assumed"
                               : m.from_datasheet ? "datasheet"
                                                  : "measured"}};
  if (m.carried) {
    // The datasheet's values times the shares a run reached of its own chip's datasheet.
    auto share = [](const std::optional<double>& v) { return v ? ojson(*v) : ojson(nullptr); };
    j["assumption"] = {{"efficiency_from", t.carried_from},
                       {"measured_chip", m.carried->chip_id},
                       {"bandwidth_share", share(m.carried->bandwidth_share)},
                       {"compute_share", share(m.carried->compute_share)}};
  }
  j["peak_per_second"] = m.compute ? ojson(m.compute->value * 1e9) : ojson(nullptr);
  j["peak_unit"] =
      m.compute ? ojson(m.compute->unit == RateUnit::gigaops ? "OP/s" : "FLOP/s") : ojson(nullptr);
  j["bandwidth_bytes_per_second"] = m.bandwidth ? ojson(m.bandwidth->value * 1e9) : ojson(nullptr);
  j["memory_bytes"] = t.memory_bytes ? ojson(*t.memory_bytes) : ojson(nullptr);
  j["not_projected"] = t.missing.empty() ? ojson(nullptr) : ojson(t.missing);
  return j;
}

ojson phase_json(const PhaseTime& p) {
  return {{"seconds", p.seconds()},
          {"bound", std::string(to_string(p.bound()))},
          {"compute_seconds", p.compute_seconds},
          {"memory_seconds", p.memory_seconds}};
}

std::string dump(const ojson& j) { return j.dump(2) + "\n"; }

}  // namespace

std::string llm_projection_json(const LlmProjectionRequest& request,
                                std::span<const ProjectionTarget> targets) {
  const LlmShape& s = request.shape;
  ojson inputs = ojson::array();
  for (const auto& t : targets) {
    ojson j = target_json(t);
    ojson rows = ojson::array();
    if (t.missing.empty()) {
      const double peak = t.ceilings.compute->value, bandwidth = t.ceilings.bandwidth->value;
      for (int batch : request.batches) {
        const PhaseTime decode =
            phase_time(llm_decode_step(s, batch, request.element_bytes), peak, bandwidth);
        const double footprint = llm_footprint_bytes(s, batch, request.element_bytes);
        rows.push_back(
            {{"batch", batch},
             {"prefill", phase_json(phase_time(llm_prefill(s, batch, request.element_bytes), peak,
                                               bandwidth))},
             {"decode_step", phase_json(decode)},
             {"tokens_per_second", batch / decode.seconds()},
             {"footprint_bytes", footprint},
             {"fits_in_memory",
              t.memory_bytes ? ojson(footprint <= *t.memory_bytes) : ojson(nullptr)}});
      }
    }
    j["batches"] = std::move(rows);
    inputs.push_back(std::move(j));
  }
  return dump({{"workload", "llm"},
               {"dtype", request.dtype},
               {"bytes_per_value", request.element_bytes},
               {"shape",
                {{"params", static_cast<std::uint64_t>(s.params)},
                 {"layers", s.layers},
                 {"hidden", s.hidden},
                 {"kv_heads", s.kv_heads},
                 {"head_dim", s.head_dim},
                 {"context", s.context}}},
               {"inputs", std::move(inputs)}});
}

std::string gemm_projection_json(const ProjectedGemm& shape, std::string_view dtype,
                                 double element_bytes, std::span<const ProjectionTarget> targets) {
  const Traffic work = gemm(shape.m, shape.n, shape.k, element_bytes);
  ojson inputs = ojson::array();
  for (const auto& t : targets) {
    ojson j = target_json(t);
    j["time"] =
        t.missing.empty()
            ? phase_json(phase_time(work, t.ceilings.compute->value, t.ceilings.bandwidth->value))
            : ojson(nullptr);
    inputs.push_back(std::move(j));
  }
  return dump({{"workload", "gemm"},
               {"dtype", std::string(dtype)},
               {"bytes_per_value", element_bytes},
               {"shape",
                {{"m", static_cast<std::uint64_t>(shape.m)},
                 {"n", static_cast<std::uint64_t>(shape.n)},
                 {"k", static_cast<std::uint64_t>(shape.k)}}},
               {"flops", work.flops},
               {"bytes", work.bytes()},
               {"inputs", std::move(inputs)}});
}

}  // namespace ridgeline
