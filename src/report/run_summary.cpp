#include "report/run_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "analysis/ceilings.hpp"
#include "analysis/clock_efficiency.hpp"
#include "analysis/launch_shape_summary.hpp"
#include "analysis/matrix_summary.hpp"
#include "analysis/transfer_summary.hpp"
#include "analysis/working_set_summary.hpp"
#include "report/number_format.hpp"

namespace ridgeline {
namespace {

TableColumn text_column(std::string key, std::string header = {}) {
  if (header.empty()) header = key;
  return {std::move(key), std::move(header), false};
}
TableColumn number_column(std::string key, std::string header = {}) {
  if (header.empty()) header = key;
  return {std::move(key), std::move(header), true};
}
TableCell rate_cell(double value) { return number_cell(value, format_rate(value)); }
TableCell percent_cell(const std::optional<double>& value) {
  return value ? number_cell(*value, fmt::format("{:.0f}%", *value)) : TableCell{};
}

std::string device_line(const ResultFile& run) {
  const DeviceInfo& d = run.device;
  std::string line = fmt::format("{}  {}  ({} {}s", d.id, d.name, d.compute_units,
                                 d.compute_unit_kind.empty() ? "unit" : d.compute_unit_kind);
  if (d.clock_mhz > 0) line += fmt::format(", {:.0f} MHz", d.clock_mhz);
  if (d.last_level_cache_bytes())
    line += ", last-level cache " + format_bytes(static_cast<double>(d.last_level_cache_bytes()));
  if (d.memory_bytes) line += ", memory " + format_bytes(static_cast<double>(d.memory_bytes));
  line += ')';
  return line;
}

std::string run_line(const ResultFile& run) {
  std::string line =
      fmt::format("suite {}, {}, median shown; run {}", run.run.suite,
                  counted(run.run.repetitions, "repetition"), to_string(run.run.status));
  // An unfinished run says how much of the plan it holds.
  if (run.run.status != RunStatus::complete && run.run.planned_benchmarks > 0)
    line += fmt::format(" ({} of {} planned benchmarks)", run.benchmarks.size(),
                        run.run.planned_benchmarks);
  return line;
}

ReportTable memory_table(const ResultFile& run, const Ceilings& ceilings) {
  ReportTable t;
  t.key = "memory";
  std::vector<std::string> kernels, dtypes;
  std::map<std::string, std::string> formulas;
  for (const auto& c : ceilings.bandwidth) {
    if (std::find(kernels.begin(), kernels.end(), c.kernel) == kernels.end())
      kernels.push_back(c.kernel);
    if (std::find(dtypes.begin(), dtypes.end(), c.dtype) == dtypes.end()) dtypes.push_back(c.dtype);
  }
  std::uint64_t array_bytes = 0;
  for (const auto& r : run.benchmarks) {
    if (r.family != Family::memory) continue;
    if (auto f = text_param(r.params, param_keys::kFormula)) formulas[r.kernel] = *f;
    if (!is_cache_sweep_point(r)) array_bytes = std::max(array_bytes, r.array_bytes);
  }
  t.title = fmt::format("Memory bandwidth, GB/s (loads + stores as declared; arrays of {})",
                        format_bytes(static_cast<double>(array_bytes)));
  t.columns = {text_column("kernel"), text_column("formula")};
  for (const auto& d : dtypes) t.columns.push_back(number_column(d));
  for (const auto& k : kernels) {
    std::vector<TableCell> row{text_cell(k), text_cell(formulas[k])};
    for (const auto& d : dtypes) {
      auto it = std::find_if(ceilings.bandwidth.begin(), ceilings.bandwidth.end(),
                             [&](const Ceiling& c) { return c.kernel == k && c.dtype == d; });
      row.push_back(it == ceilings.bandwidth.end() ? TableCell{} : rate_cell(it->value));
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

// "16 B x 4, 2 blocks/SM x 256": bytes per access x accesses in flight, blocks per SM x
// threads per block, as the backend recorded them.
std::string shape_text(const LaunchShapeRow& row, const std::string& unit_kind) {
  const auto number = [](const std::optional<double>& v) {
    return v ? fmt::format("{:g}", *v) : std::string("?");
  };
  return fmt::format("{} B x {}, {} blocks/{} x {}", number(row.access_bytes), number(row.unroll),
                     number(row.blocks_per_sm), unit_kind.empty() ? "unit" : unit_kind,
                     number(row.threads_per_block));
}

ReportTable launch_shape_table(const ResultFile& run) {
  ReportTable t;
  t.key = "launch_shapes";
  t.title =
      "Launch shapes, GB/s: default shape and the best one swept (bytes per access x accesses "
      "in flight, blocks x threads)";
  t.columns = {text_column("kernel"),    text_column("dtype"),
               number_column("default"), number_column("best"),
               number_column("gain"),    text_column("best_shape", "best shape"),
               number_column("shapes")};
  for (const auto& row : launch_shape_summary(run)) {
    TableCell gain;
    if (row.default_gbps && *row.default_gbps > 0) {
      const double percent = (row.best_gbps / *row.default_gbps - 1) * 100;
      gain = number_cell(percent, fmt::format("{:+.1f}%", percent));
    }
    t.rows.push_back({text_cell(row.kernel), text_cell(row.dtype),
                      row.default_gbps ? rate_cell(*row.default_gbps) : TableCell{},
                      rate_cell(row.best_gbps), gain,
                      text_cell(shape_text(row, run.device.compute_unit_kind)),
                      number_cell(row.shapes, std::to_string(row.shapes))});
  }
  return t;
}

ReportTable working_set_table(const ResultFile& run) {
  ReportTable t;
  t.key = "working_sets";
  t.title =
      "Working sets: read bandwidth (cache_read) and load-to-use latency (chase), every unit "
      "over all of the set";
  t.columns = {number_column("working_set_bytes", "working set"), text_column("held_by", "held by"),
               number_column("read_gbps", "read GB/s"), number_column("latency_ns", "latency")};
  for (const auto& row : working_set_summary(run)) {
    const std::string level =
        row.level ? fmt::format("L{} ({})", row.level->level,
                                format_bytes(static_cast<double>(row.level->size_bytes)))
                  : "memory";
    const auto bytes = static_cast<double>(row.bytes);
    t.rows.push_back({number_cell(bytes, format_bytes(bytes)), text_cell(level),
                      row.bandwidth_gbps ? rate_cell(*row.bandwidth_gbps) : TableCell{},
                      row.latency_ns
                          ? number_cell(*row.latency_ns, format_duration(*row.latency_ns * 1e-9))
                          : TableCell{}});
  }
  return t;
}

ReportTable transfer_table(const ResultFile& run) {
  ReportTable t;
  t.key = "transfers";
  t.title =
      "Host <-> device copies, GB/s (each byte once per direction; bidir = both directions' "
      "bytes)";
  const std::vector<TransferParams> columns{{HostMemory::pinned, CopyEngine::copy_engine},
                                            {HostMemory::pinned, CopyEngine::sm_kernel},
                                            {HostMemory::pageable, CopyEngine::copy_engine}};
  t.columns = {text_column("copy")};
  for (const auto& how : columns)
    t.columns.push_back(
        number_column(fmt::format("{}_{}", to_string(how.host), to_string(how.engine)),
                      fmt::format("{} {}", to_string(how.host), to_string(how.engine))));
  for (const auto& row : transfer_summary(run)) {
    std::vector<TableCell> cells{text_cell(row.kernel)};
    for (const auto& how : columns) {
      const auto v = row.gbps(how);
      cells.push_back(v ? rate_cell(*v) : TableCell{});
    }
    t.rows.push_back(std::move(cells));
  }
  return t;
}

// "% peak@clock" of the benchmark a ceiling came from, when its backend recorded the
// peak per MHz and the clock it ran at (GPUs with a monitor).
std::optional<double> percent_at_clock(const ResultFile& run, const Ceiling& c) {
  for (const auto& r : run.benchmarks)
    if (r.name == c.benchmark) return percent_of_peak_at_clock(r);
  return std::nullopt;
}

ReportTable compute_table(const ResultFile& run, const Ceilings& ceilings) {
  ReportTable t;
  t.key = "compute";
  t.title = "Compute peak per dtype (register-resident chains; vector or matrix units, the faster)";
  // The column only where some backend recorded a peak per MHz and a clock (GPUs).
  const bool any_at_clock =
      std::any_of(ceilings.compute.begin(), ceilings.compute.end(),
                  [&](const Ceiling& c) { return percent_at_clock(run, c).has_value(); });
  t.columns = {text_column("dtype"), number_column("rate"), text_column("unit")};
  if (any_at_clock) t.columns.push_back(number_column("percent_of_peak_at_clock", "% peak@clock"));
  t.columns.push_back(text_column("benchmark"));
  for (const auto& c : ceilings.compute) {
    std::vector<TableCell> row{text_cell(c.dtype), rate_cell(c.value),
                               text_cell(std::string(to_string(c.unit)))};
    if (any_at_clock) row.push_back(percent_cell(percent_at_clock(run, c)));
    row.push_back(text_cell(c.benchmark));
    t.rows.push_back(std::move(row));
  }
  return t;
}

ReportTable intensity_table(const ResultFile& run) {
  ReportTable t;
  t.key = "intensity";
  t.title = "Arithmetic-intensity sweep, GFLOP/s (the measured roofline)";
  std::map<std::string, std::map<double, double>> by_dtype;  // dtype -> ai -> rate
  std::set<double> points;
  for (const auto& r : run.benchmarks) {
    if (r.family != Family::intensity || !r.dtype || !has_measured_rate(r)) continue;
    const auto ai = number_param(r.params, param_keys::kFlopPerByte);
    if (!ai) continue;
    by_dtype[std::string(to_string(*r.dtype))][*ai] = r.median_rate();
    points.insert(*ai);
  }
  t.columns = {text_column("dtype", "flop/byte")};
  for (double x : points)
    t.columns.push_back(number_column(fmt::format("ai:{:g}", x), fmt::format("{:g}", x)));
  for (const auto& [dtype, rates] : by_dtype) {
    std::vector<TableCell> row{text_cell(dtype)};
    for (double x : points) {
      const auto it = rates.find(x);
      row.push_back(it == rates.end() ? TableCell{} : rate_cell(it->second));
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

TableCell tera(const std::optional<Ceiling>& c) {
  return c ? rate_cell(c->value / 1000) : TableCell{};
}

// The shape part of "gemm/bf16/m:8192/n:8192/k:8192".
TableCell gemm_shape(const std::optional<Ceiling>& c) {
  if (!c) return {};
  const auto slash = c->benchmark.find("/m:");
  return text_cell(slash == std::string::npos ? c->benchmark : c->benchmark.substr(slash + 1));
}

ReportTable matrix_table(const ResultFile& run, const Datasheet* datasheet) {
  ReportTable t;
  t.key = "matrix";
  t.title = "Matrix units, TFLOP/s (TOP/s for int8): best pure instruction rate, best vendor GEMM";
  if (datasheet != nullptr) t.title += fmt::format("; datasheet {} (dense)", datasheet->id);
  t.columns = {text_column("dtype"),
               number_column("pure"),
               text_column("kernel"),
               number_column("percent_of_peak_at_clock", "% peak@clock"),
               number_column("percent_of_datasheet", "% datasheet"),
               number_column("gemm", "GEMM"),
               text_column("shape"),
               number_column("gemm_percent_of_pure", "GEMM/pure"),
               number_column("gemm_percent_of_datasheet", "GEMM % datasheet")};
  for (const auto& row : matrix_summary(run, datasheet))
    t.rows.push_back(
        {text_cell(row.dtype), tera(row.pure), row.pure ? text_cell(row.pure->kernel) : TableCell{},
         percent_cell(row.pure_percent_at_clock), percent_cell(row.pure_percent_of_datasheet),
         tera(row.gemm), gemm_shape(row.gemm),
         percent_cell(row.gemm_over_pure ? std::optional<double>(*row.gemm_over_pure * 100)
                                         : std::nullopt),
         percent_cell(row.gemm_percent_of_datasheet)});
  return t;
}

ReportTable ridge_table(const Ceilings& ceilings) {
  ReportTable t;
  t.key = "ridge";
  if (ceilings.ridges.empty()) return t;
  const Ceiling& bw = *ceilings.best_bandwidth;
  t.title = fmt::format("Ridge point = best compute / best bandwidth ({} {} GB/s, {})", bw.kernel,
                        format_rate(bw.value), bw.dtype);
  t.columns = {text_column("dtype"), number_column("flop_per_byte", "flop/byte"),
               number_column("compute"), text_column("unit")};
  for (const auto& r : ceilings.ridges)
    t.rows.push_back({text_cell(r.dtype), rate_cell(r.flop_per_byte), rate_cell(r.compute.value),
                      text_cell(std::string(to_string(r.compute.unit)))});
  return t;
}

ReportTable warnings_table(const ResultFile& run) {
  ReportTable t;
  t.key = "warnings";
  t.title = "Warnings (the run's self-check; kept in the result file)";
  t.columns = {text_column("kind"), text_column("message")};
  for (const auto& w : run.warnings)
    t.rows.push_back({text_cell(std::string(to_string(w.kind))), text_cell(w.message)});
  return t;
}

ReportTable problems_table(const ResultFile& run) {
  ReportTable t;
  t.key = "not_measured";
  t.title = "Not measured";
  t.columns = {text_column("benchmark"), text_column("status"), text_column("reason")};
  for (const auto& r : run.benchmarks)
    if (r.status != BenchStatus::ok)
      t.rows.push_back(
          {text_cell(r.name), text_cell(std::string(to_string(r.status))), text_cell(r.reason)});
  return t;
}

}  // namespace

ReportDocument run_summary_document(const ResultFile& run, const Datasheet* datasheet) {
  const Ceilings ceilings = find_ceilings(run);
  ReportDocument d;
  d.heading = {device_line(run), run_line(run)};
  d.tables.push_back(memory_table(run, ceilings));
  d.tables.push_back(launch_shape_table(run));
  d.tables.push_back(working_set_table(run));
  d.tables.push_back(transfer_table(run));
  d.tables.push_back(compute_table(run, ceilings));
  d.tables.push_back(intensity_table(run));
  d.tables.push_back(matrix_table(run, datasheet));
  d.tables.push_back(ridge_table(ceilings));
  d.tables.push_back(warnings_table(run));
  d.tables.push_back(problems_table(run));
  return d;
}

std::string format_run_summary(const ResultFile& run, const Datasheet* datasheet,
                               TableFormat format) {
  return render(run_summary_document(run, datasheet), format);
}

}  // namespace ridgeline
