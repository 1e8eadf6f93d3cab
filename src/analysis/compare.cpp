#include "analysis/compare.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "analysis/ceilings.hpp"
#include "core/statistics.hpp"

namespace ridgeline {

std::string_view to_string(CompareVerdict v) {
  switch (v) {
    case CompareVerdict::faster:
      return "FASTER";
    case CompareVerdict::slower:
      return "SLOWER";
    case CompareVerdict::same:
      return "SAME";
    case CompareVerdict::noisy:
      return "NOISY";
    case CompareVerdict::uncertain:
      return "UNCERTAIN";
    case CompareVerdict::failed:
      return "FAILED";
    case CompareVerdict::added:
      return "NEW";
    case CompareVerdict::missing:
      return "MISSING";
  }
  return "UNKNOWN";
}

std::string_view to_string(Metric m) { return m == Metric::rate ? "rate" : "time"; }

namespace {

// ---------------------------------------------------------------------------------------
// Samples mode

bool measured(const BenchmarkRecord& r) {
  return r.status == BenchStatus::ok && !r.sample_seconds.empty();
}

bool has_declared_work(const BenchmarkRecord& r) { return r.median_rate() > 0; }

std::vector<double> metric_samples(const BenchmarkRecord& r, Metric metric) {
  std::vector<double> out;
  out.reserve(r.sample_seconds.size());
  for (double s : r.sample_seconds) out.push_back(metric == Metric::rate ? r.rate(s) : s * 1e9);
  return out;
}

// The median is the record's headline (for rates, the rate of the median time, as
// `ridgeline run` prints it); the noise is the spread of the compared samples.
SampleSummary summarize(const BenchmarkRecord& r, Metric metric, std::span<const double> xs) {
  const double mid = metric == Metric::rate ? r.median_rate() : median(xs);
  return {mid, mid > 0 ? relative_iqr(xs) : std::nullopt, xs.size()};
}

// The metric a record is compared in: its rate when the file and the record declare
// work, else its time per call.
Metric record_metric(const BenchmarkRecord& r, Metric file_metric) {
  return file_metric == Metric::rate && has_declared_work(r) ? Metric::rate : Metric::time;
}

// "BASE has one sample: its noise is unknown", or empty.
std::string unknown_noise_note(const std::optional<SampleSummary>& base,
                               const std::optional<SampleSummary>& candidate) {
  const bool base_unknown = base && !base->noise;
  const bool candidate_unknown = candidate && !candidate->noise;
  if (base_unknown && candidate_unknown) return "one sample each: noise unknown";
  if (base_unknown) return "BASE has one sample: its noise is unknown";
  if (candidate_unknown) return "NEW has one sample: its noise is unknown";
  return {};
}

// "NEW failed: wrong result at element 7", "BASE has no samples".
std::string failure_note(std::string_view side, const BenchmarkRecord& r) {
  std::string note(side);
  if (r.status == BenchStatus::ok) {
    note += " has no samples";
  } else {
    note += ' ';
    note += to_string(r.status);
  }
  if (!r.reason.empty()) note += ": " + r.reason;
  return note;
}

// Whether the compared value grows when the benchmark gets faster: a rate does, a time
// per call or a latency (ns per load) does not.
bool higher_is_better(Metric metric, std::optional<RateUnit> unit) {
  return metric == Metric::rate && !(unit && lower_is_better(*unit));
}

CompareVerdict decide(double ratio, double noise, double p_value, bool higher_better,
                      const CompareOptions& o) {
  const double change = ratio - 1;
  if (change == 0) return CompareVerdict::same;
  if (noise > o.threshold && std::abs(change) <= noise) return CompareVerdict::noisy;
  if (std::abs(change) < o.threshold) return CompareVerdict::same;
  if (p_value >= o.alpha) return CompareVerdict::uncertain;
  const bool grew = change > 0;
  return grew == higher_better ? CompareVerdict::faster : CompareVerdict::slower;
}

BenchmarkComparison compare_pair(const BenchmarkRecord& base, const BenchmarkRecord& candidate,
                                 Metric file_metric, const CompareOptions& o) {
  BenchmarkComparison c;
  c.name = base.name;
  if (!measured(base) || !measured(candidate)) {
    c.verdict = CompareVerdict::failed;
    c.note = !measured(base) ? failure_note("BASE", base) : failure_note("NEW", candidate);
    return c;
  }
  const bool rates = file_metric == Metric::rate && has_declared_work(base) &&
                     has_declared_work(candidate) && base.unit == candidate.unit;
  c.metric = rates ? Metric::rate : Metric::time;
  if (rates) c.unit = base.unit;
  const auto base_samples = metric_samples(base, c.metric);
  const auto candidate_samples = metric_samples(candidate, c.metric);
  c.base = summarize(base, c.metric, base_samples);
  c.candidate = summarize(candidate, c.metric, candidate_samples);
  c.test = mann_whitney_u(base_samples, candidate_samples);
  if (!(c.base->median > 0)) {  // a zero time or rate: no ratio to speak of
    c.verdict = CompareVerdict::failed;
    c.note = "BASE median is zero";
    return c;
  }
  c.ratio = c.candidate->median / c.base->median;
  const double noise = std::max(c.base->noise.value_or(0), c.candidate->noise.value_or(0));
  c.verdict = decide(*c.ratio, noise, c.test->p_value, higher_is_better(c.metric, c.unit), o);
  c.note = unknown_noise_note(c.base, c.candidate);
  return c;
}

// A benchmark only one side has: that side's median and noise stay in the row.
BenchmarkComparison one_sided(const BenchmarkRecord& r, CompareVerdict verdict,
                              Metric file_metric) {
  BenchmarkComparison c;
  c.name = r.name;
  c.verdict = verdict;
  const bool is_base = verdict == CompareVerdict::missing;
  if (!measured(r)) {
    c.note = failure_note(is_base ? "BASE" : "NEW", r);
    return c;
  }
  c.metric = record_metric(r, file_metric);
  if (c.metric == Metric::rate) c.unit = r.unit;
  const auto xs = metric_samples(r, c.metric);
  (is_base ? c.base : c.candidate) = summarize(r, c.metric, xs);
  return c;
}

std::string quoted(const std::string& s) { return s.empty() ? "unknown" : "'" + s + "'"; }

std::vector<std::string> environment_differences(const DeviceInfo& a, const DeviceInfo& b) {
  std::vector<std::string> out;
  auto field = [&](std::string_view what, const std::string& x, const std::string& y) {
    if (x != y) out.push_back(std::string(what) + " " + quoted(x) + " vs " + quoted(y));
  };
  field("device", a.name, b.name);
  field("backend", a.backend, b.backend);
  // Nominal clocks read twice from the same machine can differ in the last digit.
  if (std::abs(a.clock_mhz - b.clock_mhz) > 0.01 * std::max(a.clock_mhz, b.clock_mhz)) {
    auto mhz = [](double v) { return v > 0 ? std::to_string(std::lround(v)) : "unknown"; };
    out.push_back("clock " + mhz(a.clock_mhz) + " vs " + mhz(b.clock_mhz) + " MHz");
  }
  std::map<std::string, std::pair<std::string, std::string>> extra;  // driver, runtime, ...
  for (const auto& [key, value] : a.extra) extra[key].first = value.text();
  for (const auto& [key, value] : b.extra) extra[key].second = value.text();
  for (const auto& [key, values] : extra) field(key, values.first, values.second);
  return out;
}

SampleComparison compare_samples(const ResultFile& base, const ResultFile& candidate,
                                 const CompareOptions& o) {
  SampleComparison out;
  out.metric = base.kind == FileKind::run ? Metric::rate : Metric::time;
  out.environment_differences = environment_differences(base.device, candidate.device);
  std::unordered_map<std::string_view, const BenchmarkRecord*> in_candidate;
  for (const auto& r : candidate.benchmarks) in_candidate.emplace(r.name, &r);
  std::unordered_set<std::string_view> seen;
  double log_sum = 0;
  for (const auto& r : base.benchmarks) {
    if (!seen.insert(r.name).second) continue;  // a duplicate name: the first one counts
    const auto match = in_candidate.find(r.name);
    if (match == in_candidate.end()) {
      out.benchmarks.push_back(one_sided(r, CompareVerdict::missing, out.metric));
      continue;
    }
    ++out.common_count;
    auto c = compare_pair(r, *match->second, out.metric, o);
    if (c.ratio && c.metric == out.metric && *c.ratio > 0) {
      // A latency enters as BASE / NEW, its speed ratio, so every term of a run's mean
      // is above 1 when NEW is faster.
      const bool inverted = out.metric == Metric::rate && !higher_is_better(c.metric, c.unit);
      log_sum += inverted ? -std::log(*c.ratio) : std::log(*c.ratio);
      ++out.geomean_count;
    }
    out.benchmarks.push_back(std::move(c));
  }
  for (const auto& r : candidate.benchmarks)
    if (seen.insert(r.name).second)
      out.benchmarks.push_back(one_sided(r, CompareVerdict::added, out.metric));
  if (out.geomean_count > 0)
    out.geomean_ratio = std::exp(log_sum / static_cast<double>(out.geomean_count));
  return out;
}

// ---------------------------------------------------------------------------------------
// Ceilings mode

struct NamedCeiling {
  std::string name;  // "memory bandwidth", "<dtype> compute", "<dtype> ridge"
  CeilingKind kind;
  std::optional<RateUnit> unit;
  double value = 0;
};

// Every ceiling of one side, in a stable order.
std::vector<NamedCeiling> named_ceilings(const Ceilings& c) {
  std::vector<NamedCeiling> out;
  if (c.best_bandwidth)
    out.push_back({"memory bandwidth", CeilingKind::bandwidth, c.best_bandwidth->unit,
                   c.best_bandwidth->value});
  for (const auto& x : c.compute)
    out.push_back({x.dtype + " compute", CeilingKind::compute, x.unit, x.value});
  for (const auto& x : c.ridges)
    out.push_back({x.dtype + " ridge", CeilingKind::ridge, std::nullopt, x.flop_per_byte});
  return out;
}

CeilingComparison compare_ceilings(const ResultFile& base, const ResultFile& candidate) {
  CeilingComparison out;
  out.reference_is_base = base.kind == FileKind::datasheet;
  out.subject_is_datasheet =
      base.kind == FileKind::datasheet && candidate.kind == FileKind::datasheet;
  const ResultFile& subject = out.reference_is_base ? candidate : base;
  const ResultFile& reference = out.reference_is_base ? base : candidate;
  const auto measured_values = named_ceilings(find_ceilings(subject));
  const auto reference_values = named_ceilings(find_ceilings(reference));

  auto row_for = [&](const NamedCeiling& c) -> CeilingRow& {
    for (auto& row : out.rows)
      if (row.ceiling == c.name && row.kind == c.kind && row.unit == c.unit) return row;
    return out.rows.emplace_back(CeilingRow{c.name, c.kind, c.unit, {}, {}, {}});
  };
  for (const auto& c : measured_values) row_for(c).measured = c.value;
  for (const auto& c : reference_values) row_for(c).reference = c.value;
  // Bandwidth, then compute, then ridges; within each, the order the sides list them.
  std::stable_sort(out.rows.begin(), out.rows.end(),
                   [](const CeilingRow& a, const CeilingRow& b) { return a.kind < b.kind; });
  for (auto& row : out.rows) {
    if (!row.measured || !row.reference) continue;
    ++out.common_count;
    if (*row.reference > 0) row.ratio = *row.measured / *row.reference;
  }
  return out;
}

}  // namespace

CompareOutcome compare_results(const ResultFile& base, const ResultFile& candidate,
                               const CompareOptions& options) {
  const bool datasheet = base.kind == FileKind::datasheet || candidate.kind == FileKind::datasheet;
  if (datasheet && (base.kind == FileKind::gbench || candidate.kind == FileKind::gbench))
    return Incomparable{
        "a plain Google Benchmark file declares no bytes or flops, so it has no ceilings to "
        "hold against a datasheet"};
  if (datasheet) return compare_ceilings(base, candidate);
  if (base.kind != candidate.kind)
    return Incomparable{
        "one is a ridgeline run (rates from declared work), the other a plain Google Benchmark "
        "file (times only, its own benchmark names)"};
  return compare_samples(base, candidate, options);
}

}  // namespace ridgeline
