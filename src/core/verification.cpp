#include "core/verification.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "core/enum_names.hpp"

namespace ridgeline {
namespace {
constexpr auto kVerdicts =
    enum_names(std::pair{Verdict::pass, "pass"}, std::pair{Verdict::fail, "fail"},
               std::pair{Verdict::not_run, "not_run"});
}  // namespace

std::string_view to_string(Verdict v) { return kVerdicts.name(v); }
std::optional<Verdict> parse_verdict(std::string_view s) { return kVerdicts.parse(s); }

void Comparison::check(std::uint64_t index, double got, double expected, double tolerance) {
  ++checked_;
  tolerance_ = std::max(tolerance_, tolerance);
  const double error = std::fabs(got - expected);
  const bool nan = std::isnan(error);
  max_abs_error_ = nan ? std::numeric_limits<double>::infinity() : std::max(max_abs_error_, error);
  if (!nan && error <= tolerance) return;
  ++mismatches_;
  if (!first_bad_ || index < *first_bad_) {
    first_bad_ = index;
    first_got_ = got;
    first_expected_ = expected;
  }
}

void Comparison::merge(const Comparison& other) {
  checked_ += other.checked_;
  mismatches_ += other.mismatches_;
  max_abs_error_ = std::max(max_abs_error_, other.max_abs_error_);
  tolerance_ = std::max(tolerance_, other.tolerance_);
  if (other.first_bad_ && (!first_bad_ || *other.first_bad_ < *first_bad_)) {
    first_bad_ = other.first_bad_;
    first_got_ = other.first_got_;
    first_expected_ = other.first_expected_;
  }
}

Comparison Comparison::from_counts(std::uint64_t checked, std::uint64_t mismatches,
                                   double max_abs_error, double tolerance, std::uint64_t first,
                                   double first_got, double first_expected) {
  Comparison c;
  c.checked_ = checked;
  c.mismatches_ = mismatches;
  c.max_abs_error_ = max_abs_error;
  c.tolerance_ = tolerance;
  if (mismatches != 0) {
    c.first_bad_ = first;
    c.first_got_ = first_got;
    c.first_expected_ = first_expected;
  }
  return c;
}

Verification Comparison::result(std::string_view what,
                                const std::function<std::string(std::uint64_t)>& locate) const {
  Verification v;
  v.checked = checked_;
  v.mismatches = mismatches_;
  v.max_abs_error = max_abs_error_;
  v.tolerance = tolerance_;
  v.verdict = mismatches_ == 0 && checked_ > 0 ? Verdict::pass : Verdict::fail;
  if (checked_ == 0) {
    v.detail = std::string("no ") + std::string(what) + " were compared";
  } else if (mismatches_ != 0) {
    std::ostringstream detail;
    detail.precision(17);
    detail << mismatches_ << " of " << checked_ << " " << what << " differ";
    if (tolerance_ > 0) detail << " by more than " << tolerance_;
    const std::uint64_t first = first_bad_.value_or(0);
    detail << "; first at " << (locate ? locate(first) : "index " + std::to_string(first))
           << ": expected " << first_expected_ << ", got " << first_got_;
    v.detail = detail.str();
  }
  return v;
}

}  // namespace ridgeline
