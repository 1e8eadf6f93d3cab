#include "report/run_warnings.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "report/number_format.hpp"

namespace ridgeline {
namespace {

constexpr std::size_t kNamed = 4;  // benchmarks named in a line before "and N more"

// "a", "a and b", "a, b, c and 4 more".
std::string listed(const std::vector<std::string>& items) {
  const std::size_t named = std::min(items.size(), kNamed);
  std::string out;
  for (std::size_t i = 0; i < named; ++i) {
    if (i > 0) out += i + 1 == named && named == items.size() ? " and " : ", ";
    out += items[i];
  }
  if (items.size() > named) out += fmt::format(" and {} more", items.size() - named);
  return out;
}

// "peak_fma/fp32 31%, triad/fp64 8.2%": each named benchmark with its value.
std::string with_values(const RunFinding& f, std::string (*value)(double)) {
  std::vector<std::string> items;
  for (std::size_t i = 0; i < f.benchmarks.size(); ++i)
    items.push_back(i < kNamed ? fmt::format("{} {}", f.benchmarks[i], value(f.values[i]))
                               : f.benchmarks[i]);
  return listed(items);
}

std::string percent(double fraction) { return fmt::format("{}%", format_rate(fraction * 100)); }
// A threshold as it was chosen: "5%", "10%".
std::string limit(double fraction) { return fmt::format("{:g}%", fraction * 100); }

std::string rate(double value, const std::optional<RateUnit>& unit) {
  if (!unit) return format_rate(value);
  return fmt::format("{} {}", format_rate(value), to_string(*unit));
}

std::string above_peak(const RunFinding& f) {
  const double top = f.values.front();
  const double ratio = top / f.reference_value;
  const std::string by = ratio >= 2 ? fmt::format("{}x", format_rate(ratio))
                                    : fmt::format("{} above", percent(ratio - 1));
  return fmt::format(
      "{} reached {}, {} the compute ceiling {} ({}): the peak kernel ran slow (a busy "
      "machine or a lowered clock), so that ceiling and the ridge point from it are too low",
      listed(f.benchmarks),
      f.benchmarks.size() == 1 ? rate(top, f.unit) : "up to " + rate(top, f.unit), by, f.reference,
      rate(f.reference_value, f.unit));
}

std::string fits_in_cache(const RunFinding& f) {
  return fmt::format(
      "{} {} on at most {}, which fits in the {} last-level cache: {} rate is the cache's, "
      "not memory's, and so is any bandwidth ceiling or ridge point from {} (the default "
      "arrays are at least 4x the cache)",
      listed(f.benchmarks), f.benchmarks.size() == 1 ? "works" : "work",
      format_bytes(f.values.front()), format_bytes(f.reference_value),
      f.benchmarks.size() == 1 ? "its" : "their", f.benchmarks.size() == 1 ? "it" : "them");
}

std::string noisy(const RunFinding& f) {
  return fmt::format(
      "{} noisy, samples spread more than {} of the median (IQR): {}; compare calls a "
      "change inside that spread NOISY (more --repetitions or a quieter machine help)",
      f.benchmarks.size() == 1 ? std::string("1 benchmark is")
                               : fmt::format("{} benchmarks are", f.benchmarks.size()),
      limit(f.limit), with_values(f, percent));
}

std::string load_text(const RunFinding& f) {
  if (f.load_avg.empty()) return {};
  return fmt::format("load average {:.2f} at the start on {}", f.load_avg[0],
                     counted(f.cpus, "CPU"));
}

std::string busy_host(const RunFinding& f) {
  if (f.benchmarks.empty())
    return fmt::format(
        "the host was busy: {} (no per-benchmark CPU accounting): CPU rates "
        "may be low and noisy",
        load_text(f));
  std::string line = fmt::format(
      "the host was busy: other processes took more than {} of its CPU time during {}: {}",
      limit(f.limit), counted(f.benchmarks.size(), "benchmark"), with_values(f, percent));
  if (!f.load_avg.empty()) line += fmt::format("; {}", load_text(f));
  line += "; their rates may be low and noisy";
  return line;
}

std::string frequency_scaling(const RunFinding& f) {
  return fmt::format(
      "the cpufreq governor is '{}', not 'performance': the clock may change during the run",
      f.governor);
}

}  // namespace

RunWarning word_finding(const RunFinding& f) {
  RunWarning w;
  w.kind = f.kind;
  w.benchmarks = f.benchmarks;
  switch (f.kind) {
    case WarningKind::above_peak:
      w.message = above_peak(f);
      w.benchmarks.push_back(f.reference);
      break;
    case WarningKind::fits_in_cache:
      w.message = fits_in_cache(f);
      break;
    case WarningKind::noisy:
      w.message = noisy(f);
      break;
    case WarningKind::busy_host:
      w.message = busy_host(f);
      break;
    case WarningKind::frequency_scaling:
      w.message = frequency_scaling(f);
      break;
  }
  return w;
}

std::vector<RunWarning> run_warnings(const ResultFile& run) {
  std::vector<RunWarning> out;
  for (const auto& f : check_run(run)) out.push_back(word_finding(f));
  return out;
}

}  // namespace ridgeline
