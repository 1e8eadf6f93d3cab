#include "core/verification.hpp"

namespace ridgeline {

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::pass:
      return "pass";
    case Verdict::fail:
      return "fail";
    case Verdict::not_run:
      return "not_run";
  }
  return "unknown";
}

}  // namespace ridgeline
