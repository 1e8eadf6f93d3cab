#include "analysis/matrix_summary.hpp"

#include <algorithm>
#include <charconv>

#include "core/dtype.hpp"

namespace ridgeline {
namespace {

std::optional<double> number_param(const BenchmarkRecord& r, const std::string& key) {
  const auto it = r.params.find(key);
  if (it == r.params.end()) return std::nullopt;
  double value = 0;
  const char* first = it->second.data();
  const char* last = first + it->second.size();
  const auto [end, error] = std::from_chars(first, last, value);
  if (error != std::errc{} || end != last || !(value > 0)) return std::nullopt;
  return value;
}

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

void keep_best(std::optional<Ceiling>& best, const BenchmarkRecord& r) {
  if (!best || r.median_rate() > best->value)
    best = Ceiling{r.kernel, r.dtype, r.name, r.median_rate(), r.unit};
}

}  // namespace

std::optional<double> observed_clock_mhz(const BenchmarkRecord& r) {
  const auto before = number_param(r, "sm_clock_mhz_before");
  const auto after = number_param(r, "sm_clock_mhz_after");
  if (before && after) return (*before + *after) / 2;
  return before ? before : after;
}

std::optional<double> percent_of_peak_at_clock(const BenchmarkRecord& r) {
  const auto per_mhz = number_param(r, "peak_gflops_per_mhz");
  const auto clock = observed_clock_mhz(r);
  if (!per_mhz || !clock || !has_measured_rate(r)) return std::nullopt;
  return r.median_rate() / (*per_mhz * *clock) * 100;
}

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
    if (r.family == "matrix") keep_best(row_for(r.dtype).pure, r);
    if (r.family == "gemm") keep_best(row_for(r.dtype).gemm, r);
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
