// Comparing two result files, BASE and a candidate ("NEW"). Two modes:
//  - samples: two measured files of the same kind, benchmarks matched by name, each with
//    a verdict from the ratio of medians, a Mann-Whitney U test and the noise of each side;
//  - ceilings: when either side is a datasheet, the ceilings (best bandwidth, compute per
//    dtype, ridge per dtype) of one side as a share of the other's.
// Computation only: labels, tables and exit codes belong to report/ and cli/.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "analysis/mann_whitney.hpp"
#include "core/units.hpp"
#include "results/result_model.hpp"

namespace ridgeline {

struct CompareOptions {
  double threshold = 0.05;  // smallest relative change that counts, and the noise limit
  double alpha = 0.01;      // significance level of the Mann-Whitney test
};

// The verdict rule, applied in this order (change = candidate median / base median - 1 of
// the metric; noise = IQR / median of one side's samples, the larger side counts; a side
// of one sample has unknown noise, which counts as none):
//   MISSING    only BASE has the benchmark;   NEW  only the candidate has it
//   FAILED     either side is not ok (failed or skipped) or has no samples
//   SAME       the medians are equal (change exactly 0: nothing moved, however noisy)
//   NOISY      noise > threshold and |change| <= noise: the shift is inside the spread
//   SAME       |change| < threshold
//   FASTER / SLOWER   |change| >= threshold and p < alpha (direction from the metric)
//   UNCERTAIN  |change| >= threshold but p >= alpha (e.g. too few repetitions: with 3 and
//              3 samples the smallest possible two-sided p is 0.1)
enum class CompareVerdict { faster, slower, same, noisy, uncertain, failed, added, missing };
std::string_view to_string(CompareVerdict v);  // "FASTER", ..., "NEW", "MISSING"

// What the samples of a benchmark are compared in. Ridgeline runs compare rates (declared
// work / time, higher is better; a latency in ns per load is compared as it is, lower is
// better); plain Google Benchmark files declare no work and compare time per call (lower
// is better).
enum class Metric { rate, time };
std::string_view to_string(Metric m);

struct SampleSummary {
  double median = 0;            // of the metric, in BenchmarkComparison::unit
  std::optional<double> noise;  // interquartile range / median; unknown for one sample
  std::size_t samples = 0;
};

struct BenchmarkComparison {
  std::string name;
  CompareVerdict verdict = CompareVerdict::same;
  Metric metric = Metric::rate;
  // The rate's unit when metric is rate; a time is in ns per call; absent when no side
  // was measured.
  std::optional<RateUnit> unit;
  // Absent when the side lacks the benchmark or did not measure it; a MISSING or NEW row
  // keeps the side it has.
  std::optional<SampleSummary> base;
  std::optional<SampleSummary> candidate;
  std::optional<double> ratio;            // candidate median / base median
  std::optional<MannWhitneyResult> test;  // on the per-repetition samples
  // Why FAILED (the side and its reason), or what is unknown (a side of one sample).
  std::string note;
};

struct SampleComparison {
  Metric metric = Metric::rate;  // of the files; a benchmark without declared work uses time
  std::vector<BenchmarkComparison> benchmarks;  // BASE order, then those only in the candidate
  // Geometric mean of `ratio` over the benchmarks measured on both sides in `metric`; in
  // rates, a latency's ratio enters inverted (BASE / NEW), so above 1 is faster for all.
  std::optional<double> geomean_ratio;
  std::size_t geomean_count = 0;
  std::size_t common_count = 0;  // benchmarks present in both files, whatever their status
  // Device and environment fields that differ between the runs, one phrase each.
  std::vector<std::string> environment_differences;
};

enum class CeilingKind { bandwidth, compute, ridge };

struct CeilingRow {
  std::string ceiling;  // "memory bandwidth", "fp32 compute", "fp32 ridge"
  CeilingKind kind = CeilingKind::bandwidth;
  std::optional<RateUnit> unit;     // bandwidth and compute; a ridge is in flop per byte
  std::optional<double> measured;   // the subject's value; absent when it has none
  std::optional<double> reference;  // the datasheet's value; absent when unknown
  std::optional<double> ratio;      // measured / reference
};

struct CeilingComparison {
  // The datasheet side is the reference; when both sides are datasheets BASE is.
  bool reference_is_base = false;
  // The other side (the subject) is a datasheet too: its values are stated, not measured.
  bool subject_is_datasheet = false;
  std::vector<CeilingRow> rows;  // union of both sides' ceilings; unknown stays absent
  std::size_t common_count = 0;  // rows with a value on both sides
};

// The two files cannot be compared meaningfully (e.g. a run against a plain GB file).
struct Incomparable {
  std::string reason;  // one line, without the file names
};

using CompareOutcome = std::variant<SampleComparison, CeilingComparison, Incomparable>;

CompareOutcome compare_results(const ResultFile& base, const ResultFile& candidate,
                               const CompareOptions& options = {});

}  // namespace ridgeline
