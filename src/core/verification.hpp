// The verdict of checking a kernel's output against its host model.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ridgeline {

enum class Verdict { pass, fail, not_run };

struct Verification {
  Verdict verdict = Verdict::not_run;
  std::uint64_t checked = 0;     // output values compared
  std::uint64_t mismatches = 0;  // values outside the tolerance
  double max_abs_error = 0;
  double tolerance = 0;  // absolute tolerance applied; 0 means exact equality
  std::string detail;    // first mismatch or why it was not run

  bool passed() const { return verdict == Verdict::pass; }
};

std::string_view to_string(Verdict v);

}  // namespace ridgeline
