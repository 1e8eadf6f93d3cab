// The verdict of checking a kernel's output against its host model, and the one
// comparer every backend builds it with.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace ridgeline {

enum class Verdict { pass, fail, not_run };

std::string_view to_string(Verdict v);
std::optional<Verdict> parse_verdict(std::string_view s);

struct Verification {
  Verdict verdict = Verdict::not_run;
  std::uint64_t checked = 0;     // output values compared
  std::uint64_t mismatches = 0;  // values outside the tolerance
  double max_abs_error = 0;      // over every value compared (infinite for a NaN)
  double tolerance = 0;          // absolute tolerance applied (the largest, if it varied); 0: exact
  std::string detail;            // first mismatch or why it was not run

  bool passed() const { return verdict == Verdict::pass; }
  bool operator==(const Verification&) const = default;
};

// Compares stored values with expected ones, value by value: |got - expected| must be
// at most the tolerance (0: equal; NaN never passes). Keeps the count, the largest
// error and the first mismatch (lowest index), so partial comparisons made in parallel
// merge into the same result a sequential one gives.
class Comparison {
 public:
  void check(std::uint64_t index, double got, double expected, double tolerance = 0);
  void merge(const Comparison& other);

  // What a device-side comparison counted, for backends that compare where the data is:
  // `first` is the lowest mismatching index with its values (ignored when mismatches == 0).
  static Comparison from_counts(std::uint64_t checked, std::uint64_t mismatches,
                                double max_abs_error, double tolerance, std::uint64_t first,
                                double first_got, double first_expected);

  // `what` names the values in the detail: "values", "thread checksums", "accumulators";
  // `locate` turns the first bad index into words ("warpgroup 3, register 7, thread 2"),
  // by default "index N".
  Verification result(std::string_view what = "values",
                      const std::function<std::string(std::uint64_t)>& locate = {}) const;

 private:
  std::uint64_t checked_ = 0;
  std::uint64_t mismatches_ = 0;
  double max_abs_error_ = 0;
  double tolerance_ = 0;
  std::optional<std::uint64_t> first_bad_;
  double first_got_ = 0;
  double first_expected_ = 0;
};

}  // namespace ridgeline
