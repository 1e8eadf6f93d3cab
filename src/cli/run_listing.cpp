#include "cli/run_listing.hpp"

#include <fmt/format.h>

#include "report/number_format.hpp"

namespace ridgeline::cli {
namespace {

// What one call works on: bytes per array (of the copy, of the working set for cache_read
// and chase), or multiply-adds, or the GEMM's shape.
TableCell size_cell(const PlannedCase& c) {
  switch (c.spec.kernel->family) {
    case Family::memory:
    case Family::intensity:
    case Family::transfer:
    case Family::latency:
      return number_cell(static_cast<double>(c.array_bytes),
                         format_bytes(static_cast<double>(c.array_bytes)));
    case Family::compute:
    case Family::matrix:
      return number_cell(
          static_cast<double>(c.spec.multiply_adds),
          fmt::format("{} FMA", format_count(static_cast<double>(c.spec.multiply_adds))));
    case Family::gemm:
      return text_cell(fmt::format("{}x{}x{}", c.spec.gemm.m, c.spec.gemm.n, c.spec.gemm.k));
    case Family::collective: {  // the message S
      const auto bytes = static_cast<double>(c.spec.array_elements * size_of(c.spec.dtype));
      return number_cell(bytes, format_bytes(bytes));
    }
  }
  return {};
}

std::string total_line(const RunEstimate& e, const HarnessOptions& o, std::size_t count) {
  const std::string floor =
      fmt::format("{} x {} of at least {} each", counted(count - e.recorded_count(), "benchmark"),
                  counted(o.repetitions, "repetition"), format_duration(o.min_sample_seconds));
  if (e.recorded_count() == 0)
    return fmt::format(
        "estimated time: at least {} ({}, the harness's minimum; setup, first touch and "
        "verification add to it; a run records each benchmark's time, so the next --list "
        "can tell)",
        format_duration(e.total_seconds()), floor);
  std::string line = fmt::format("estimated time: about {} ({} as long as in {}",
                                 format_duration(e.total_seconds()),
                                 counted(e.recorded_count(), "benchmark"), e.previous);
  if (e.recorded_count() < count)
    line += fmt::format("; {} not in it: at least the minimum", floor);
  line += ')';
  return line;
}

}  // namespace

ReportDocument run_listing(const std::vector<PlannedCase>& plan, const RunEstimate& estimate,
                           const HarnessOptions& options, const DeviceInfo& device) {
  ReportDocument d;
  d.heading.push_back(fmt::format("{} on {}  {}: {}, {} each", "suite plan", device.id, device.name,
                                  counted(plan.size(), "benchmark"),
                                  counted(options.repetitions, "repetition")));
  ReportTable t;
  t.key = "benchmarks";
  t.columns = {{"benchmark", "benchmark", false},
               {"family", "family", false},
               {"size", "per call", true},
               {"estimated_seconds", "estimated", true},
               {"estimate", "from", false}};
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const PlannedCase& c = plan[i];
    const CaseEstimate& e = estimate.cases[i];
    t.rows.push_back(
        {text_cell(c.name), text_cell(std::string(to_string(c.spec.kernel->family))), size_cell(c),
         number_cell(e.seconds,
                     fmt::format("{}{}", e.recorded ? "" : ">= ", format_duration(e.seconds))),
         text_cell(e.recorded ? "recorded" : "minimum")});
  }
  d.tables.push_back(std::move(t));
  d.footing.push_back(total_line(estimate, options, plan.size()));
  return d;
}

}  // namespace ridgeline::cli
