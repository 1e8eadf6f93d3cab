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
#include "report/text_table.hpp"

namespace ridgeline {
namespace {

std::string device_line(const ResultFile& run) {
  const DeviceInfo& d = run.device;
  std::string line = fmt::format("{}  {}  ({} {}s", d.id, d.name, d.compute_units,
                                 d.compute_unit_kind.empty() ? "unit" : d.compute_unit_kind);
  if (d.clock_mhz > 0) line += fmt::format(", {:.0f} MHz", d.clock_mhz);
  if (d.last_level_cache_bytes())
    line += ", last-level cache " + format_bytes(static_cast<double>(d.last_level_cache_bytes()));
  if (d.memory_bytes) line += ", memory " + format_bytes(static_cast<double>(d.memory_bytes));
  return line + ")\n";
}

std::string memory_section(const ResultFile& run, const Ceilings& ceilings) {
  if (ceilings.bandwidth.empty()) return {};
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
  std::vector<std::string> header{"kernel", "formula"};
  header.insert(header.end(), dtypes.begin(), dtypes.end());
  TextTable table(header, {TextTable::Align::left, TextTable::Align::left});
  for (const auto& k : kernels) {
    std::vector<std::string> row{k, formulas[k]};
    for (const auto& t : dtypes) {
      auto it = std::find_if(ceilings.bandwidth.begin(), ceilings.bandwidth.end(),
                             [&](const Ceiling& c) { return c.kernel == k && c.dtype == t; });
      row.push_back(it == ceilings.bandwidth.end() ? "-" : format_rate(it->value));
    }
    table.add_row(std::move(row));
  }
  return fmt::format("\nMemory bandwidth, GB/s (loads + stores as declared; arrays of {})\n{}",
                     format_bytes(static_cast<double>(array_bytes)), table.render());
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

std::string launch_shape_section(const ResultFile& run) {
  const auto rows = launch_shape_summary(run);
  if (rows.empty()) return {};
  using A = TextTable::Align;
  TextTable table({"kernel", "dtype", "default", "best", "gain", "best shape", "shapes"},
                  {A::left, A::left, A::right, A::right, A::right, A::left, A::right});
  for (const auto& row : rows) {
    const std::string gain =
        row.default_gbps && *row.default_gbps > 0
            ? fmt::format("{:+.1f}%", (row.best_gbps / *row.default_gbps - 1) * 100)
            : "-";
    table.add_row({row.kernel, row.dtype, row.default_gbps ? format_rate(*row.default_gbps) : "-",
                   format_rate(row.best_gbps), gain, shape_text(row, run.device.compute_unit_kind),
                   std::to_string(row.shapes)});
  }
  return "\nLaunch shapes, GB/s: default shape and the best one swept (bytes per access x "
         "accesses in flight, blocks x threads)\n" +
         table.render();
}

std::string working_set_section(const ResultFile& run) {
  const auto rows = working_set_summary(run);
  if (rows.empty()) return {};
  using A = TextTable::Align;
  TextTable table({"working set", "held by", "read GB/s", "latency"},
                  {A::right, A::left, A::right, A::right});
  for (const auto& row : rows) {
    const std::string level =
        row.level ? fmt::format("L{} ({})", row.level->level,
                                format_bytes(static_cast<double>(row.level->size_bytes)))
                  : "memory";
    table.add_row({format_bytes(static_cast<double>(row.bytes)), level,
                   row.bandwidth_gbps ? format_rate(*row.bandwidth_gbps) : "-",
                   row.latency_ns ? format_duration(*row.latency_ns * 1e-9) : "-"});
  }
  return "\nWorking sets: read bandwidth (cache_read) and load-to-use latency (chase), every "
         "unit over all of the set\n" +
         table.render();
}

std::string transfer_section(const ResultFile& run) {
  const auto rows = transfer_summary(run);
  if (rows.empty()) return {};
  const std::vector<TransferParams> columns{{HostMemory::pinned, CopyEngine::copy_engine},
                                            {HostMemory::pinned, CopyEngine::sm_kernel},
                                            {HostMemory::pageable, CopyEngine::copy_engine}};
  std::vector<std::string> header{"copy"};
  for (const auto& how : columns)
    header.push_back(fmt::format("{} {}", to_string(how.host), to_string(how.engine)));
  TextTable table(header);
  for (const auto& row : rows) {
    std::vector<std::string> cells{row.kernel};
    for (const auto& how : columns) {
      const auto v = row.gbps(how);
      cells.push_back(v ? format_rate(*v) : "-");
    }
    table.add_row(std::move(cells));
  }
  return "\nHost <-> device copies, GB/s (each byte once per direction; bidir = both "
         "directions' bytes)\n" +
         table.render();
}

std::string percent(const std::optional<double>& value) {
  return value ? fmt::format("{:.0f}%", *value) : "-";
}

// "% peak@clock" of the benchmark a ceiling came from, when its backend recorded the
// peak per MHz and the clock it ran at (GPUs with a monitor); "-" otherwise.
std::string percent_at_clock(const ResultFile& run, const Ceiling& c) {
  for (const auto& r : run.benchmarks)
    if (r.name == c.benchmark) return percent(percent_of_peak_at_clock(r));
  return "-";
}

std::string compute_section(const ResultFile& run, const Ceilings& ceilings) {
  if (ceilings.compute.empty()) return {};
  // The column only where some backend recorded a peak per MHz and a clock (GPUs).
  const bool any_at_clock =
      std::any_of(ceilings.compute.begin(), ceilings.compute.end(),
                  [&](const Ceiling& c) { return percent_at_clock(run, c) != "-"; });
  using A = TextTable::Align;
  TextTable table = any_at_clock ? TextTable({"dtype", "rate", "unit", "% peak@clock", "benchmark"},
                                             {A::left, A::right, A::left, A::right, A::left})
                                 : TextTable({"dtype", "rate", "unit", "benchmark"},
                                             {A::left, A::right, A::left, A::left});
  for (const auto& c : ceilings.compute) {
    if (any_at_clock)
      table.add_row({c.dtype, format_rate(c.value), std::string(to_string(c.unit)),
                     percent_at_clock(run, c), c.benchmark});
    else
      table.add_row({c.dtype, format_rate(c.value), std::string(to_string(c.unit)), c.benchmark});
  }
  return "\nCompute peak per dtype (register-resident chains; vector or matrix units, the "
         "faster)\n" +
         table.render();
}

std::string tera(const std::optional<Ceiling>& c) { return c ? format_rate(c->value / 1000) : "-"; }

// The shape part of "gemm/bf16/m:8192/n:8192/k:8192".
std::string gemm_shape(const std::optional<Ceiling>& c) {
  if (!c) return "-";
  const auto slash = c->benchmark.find("/m:");
  return slash == std::string::npos ? c->benchmark : c->benchmark.substr(slash + 1);
}

std::string matrix_section(const ResultFile& run, const Datasheet* datasheet) {
  const auto rows = matrix_summary(run, datasheet);
  if (rows.empty()) return {};
  using A = TextTable::Align;
  TextTable table(
      {"dtype", "pure", "kernel", "% peak@clock", "% datasheet", "GEMM", "shape", "GEMM/pure",
       "GEMM % datasheet"},
      {A::left, A::right, A::left, A::right, A::right, A::right, A::left, A::right, A::right});
  for (const auto& row : rows)
    table.add_row({row.dtype, tera(row.pure), row.pure ? row.pure->kernel : "-",
                   percent(row.pure_percent_at_clock), percent(row.pure_percent_of_datasheet),
                   tera(row.gemm), gemm_shape(row.gemm),
                   row.gemm_over_pure ? percent(*row.gemm_over_pure * 100) : "-",
                   percent(row.gemm_percent_of_datasheet)});
  std::string title =
      "\nMatrix units, TFLOP/s (TOP/s for int8): best pure instruction rate, best vendor GEMM";
  if (datasheet != nullptr) title += fmt::format("; datasheet {} (dense)", datasheet->id);
  return title + "\n" + table.render();
}

std::string intensity_section(const ResultFile& run) {
  std::map<std::string, std::map<double, double>> by_dtype;  // dtype -> ai -> rate
  std::set<double> points;
  for (const auto& r : run.benchmarks) {
    if (r.family != Family::intensity || !r.dtype || !has_measured_rate(r)) continue;
    const auto ai = number_param(r.params, param_keys::kFlopPerByte);
    if (!ai) continue;
    by_dtype[std::string(to_string(*r.dtype))][*ai] = r.median_rate();
    points.insert(*ai);
  }
  if (points.empty()) return {};
  std::vector<std::string> header{"flop/byte"};
  for (double x : points) header.push_back(fmt::format("{:g}", x));
  TextTable table(header);
  for (const auto& [dtype, rates] : by_dtype) {
    std::vector<std::string> row{dtype};
    for (double x : points) {
      const auto it = rates.find(x);
      row.push_back(it == rates.end() ? "-" : format_rate(it->second));
    }
    table.add_row(std::move(row));
  }
  return "\nArithmetic-intensity sweep, GFLOP/s (the measured roofline)\n" + table.render();
}

std::string ridge_section(const Ceilings& ceilings) {
  if (ceilings.ridges.empty()) return {};
  const Ceiling& bw = *ceilings.best_bandwidth;
  std::string out = fmt::format("\nRidge point = best compute / best bandwidth ({} {} GB/s, {})\n",
                                bw.kernel, format_rate(bw.value), bw.dtype);
  TextTable table({"dtype", "flop/byte", "compute"});
  for (const auto& r : ceilings.ridges)
    table.add_row({r.dtype, format_rate(r.flop_per_byte),
                   format_rate(r.compute.value) + " " + std::string(to_string(r.compute.unit))});
  return out + table.render();
}

std::string problems_section(const ResultFile& run) {
  std::string out;
  for (const auto& r : run.benchmarks)
    if (r.status != BenchStatus::ok)
      out += fmt::format("  {:<28} {}: {}\n", r.name, to_string(r.status), r.reason);
  return out.empty() ? out : "\nNot measured\n" + out;
}

}  // namespace

std::string format_run_summary(const ResultFile& run, const Datasheet* datasheet) {
  const Ceilings ceilings = find_ceilings(run);
  std::string out = device_line(run);
  out += fmt::format("suite {}, {}, median shown; run {}\n", run.run.suite,
                     counted(run.run.repetitions, "repetition"), to_string(run.run.status));
  out += memory_section(run, ceilings);
  out += launch_shape_section(run);
  out += working_set_section(run);
  out += transfer_section(run);
  out += compute_section(run, ceilings);
  out += intensity_section(run);
  out += matrix_section(run, datasheet);
  out += ridge_section(ceilings);
  out += problems_section(run);
  return out;
}

}  // namespace ridgeline
