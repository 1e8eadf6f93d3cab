#include "analysis/matrix_summary.hpp"

#include <algorithm>

#include "analysis/clock_efficiency.hpp"
#include "core/dtype.hpp"

namespace ridgeline {
namespace {

const BenchmarkRecord* find_record(const ResultFile& run, const std::string& name) {
  for (const auto& r : run.benchmarks)
    if (r.name == name) return &r;
  return nullptr;
}

std::optional<double> datasheet_percent(double rate, const std::string& dtype,
                                        const Datasheet* datasheet) {
  if (datasheet == nullptr) return std::nullopt;
  const auto parsed = parse_dtype(dtype);
  const std::string key = parsed ? std::string(datasheet_dtype(*parsed)) : dtype;
  const auto it = datasheet->peak_tflops.find(key);
  if (it == datasheet->peak_tflops.end() || !(it->second > 0)) return std::nullopt;
  return rate / (it->second * 1000) * 100;
}

}  // namespace

std::vector<MatrixRow> matrix_summary(const ResultFile& run, const Datasheet* datasheet) {
  std::vector<MatrixRow> rows;
  auto row_for = [&](const std::string& dtype) -> MatrixRow& {
    auto it = std::find_if(rows.begin(), rows.end(),
                           [&](const MatrixRow& row) { return row.dtype == dtype; });
    if (it != rows.end()) return *it;
    rows.push_back(MatrixRow{dtype, {}, {}, {}, {}, {}, {}, {}});
    return rows.back();
  };
  for (const auto& r : run.benchmarks) {
    if (!has_measured_rate(r)) continue;
    if (!r.dtype) continue;
    const std::string dtype(to_string(*r.dtype));
    if (r.family == Family::matrix) keep_best(row_for(dtype).pure, ceiling_of(r));
    if (r.family == Family::gemm) keep_best(row_for(dtype).gemm, ceiling_of(r));
  }
  for (MatrixRow& row : rows) {
    if (row.pure) {
      const BenchmarkRecord* best = find_record(run, row.pure->benchmark);
      row.pure_percent_at_clock = percent_of_peak_at_clock(*best);
      row.observed_clock_mhz = observed_clock_mhz(*best);
      row.pure_percent_of_datasheet = datasheet_percent(row.pure->value, row.dtype, datasheet);
    }
    if (row.gemm)
      row.gemm_percent_of_datasheet = datasheet_percent(row.gemm->value, row.dtype, datasheet);
    if (row.pure && row.gemm) row.gemm_over_pure = row.gemm->value / row.pure->value;
  }
  return rows;
}

}  // namespace ridgeline
