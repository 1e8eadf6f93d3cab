#include "results/result_model.hpp"

#include <cmath>

#include "core/enum_names.hpp"
#include "core/statistics.hpp"

namespace ridgeline {
namespace {
constexpr auto kBenchStatuses =
    enum_names(std::pair{BenchStatus::ok, "ok"}, std::pair{BenchStatus::failed, "failed"},
               std::pair{BenchStatus::skipped, "skipped"});
constexpr auto kRunStatuses = enum_names(std::pair{RunStatus::incomplete, "incomplete"},
                                         std::pair{RunStatus::complete, "complete"},
                                         std::pair{RunStatus::interrupted, "interrupted"});
constexpr auto kFileKinds =
    enum_names(std::pair{FileKind::run, "run"}, std::pair{FileKind::datasheet, "datasheet"},
               std::pair{FileKind::gbench, "gbench"});
constexpr auto kWarningKinds = enum_names(
    std::pair{WarningKind::above_peak, "above_peak"},
    std::pair{WarningKind::fits_in_cache, "fits_in_cache"}, std::pair{WarningKind::noisy, "noisy"},
    std::pair{WarningKind::busy_host, "busy_host"},
    std::pair{WarningKind::frequency_scaling, "frequency_scaling"});
}  // namespace

std::string_view to_string(BenchStatus s) { return kBenchStatuses.name(s); }
std::string_view to_string(RunStatus s) { return kRunStatuses.name(s); }
std::string_view to_string(FileKind k) { return kFileKinds.name(k); }
std::string_view to_string(WarningKind k) { return kWarningKinds.name(k); }
std::optional<BenchStatus> parse_bench_status(std::string_view s) {
  return kBenchStatuses.parse(s);
}
std::optional<RunStatus> parse_run_status(std::string_view s) { return kRunStatuses.parse(s); }
std::optional<FileKind> parse_file_kind(std::string_view s) { return kFileKinds.parse(s); }

double BenchmarkRecord::rate(double seconds) const {
  if (!unit || !std::isfinite(seconds) || seconds <= 0) return 0;
  if (*unit == RateUnit::nanoseconds_per_load)
    return elements > 0 ? seconds * 1e9 / static_cast<double>(elements) : 0;
  const double work = counts_bytes(*unit) ? bytes_per_call : flops_per_call;
  return work / seconds / 1e9;
}

double BenchmarkRecord::median_seconds() const {
  return sample_seconds.empty() ? 0 : median(sample_seconds);
}

double BenchmarkRecord::median_rate() const { return rate(median_seconds()); }

}  // namespace ridgeline
