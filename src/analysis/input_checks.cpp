#include "analysis/input_checks.hpp"

#include <string>

namespace ridgeline {
namespace {

std::string held(const ResultFile& f) {
  const std::size_t n = f.benchmarks.size();
  std::string words = std::to_string(n) + (n == 1 ? " benchmark" : " benchmarks");
  if (f.run.planned_benchmarks > 0)
    words = std::to_string(n) + " of " + std::to_string(f.run.planned_benchmarks) +
            " planned benchmarks";
  return "it holds " + words;
}

}  // namespace

std::vector<std::string> input_warnings(const ResultFile& f) {
  std::vector<std::string> out;
  if (f.kind != FileKind::run) return out;
  switch (f.run.status) {
    case RunStatus::complete:
      break;
    case RunStatus::interrupted:
      out.push_back("run interrupted (Ctrl-C or SIGTERM) before its end; " + held(f));
      break;
    case RunStatus::incomplete:
      out.push_back(
          "run incomplete (it stopped without finishing: killed, crashed, a hung kernel, or "
          "still running); " +
          held(f));
      break;
  }
  if (!f.warnings.empty()) {
    std::string kinds;
    for (const auto& w : f.warnings) {
      const std::string kind(to_string(w.kind));
      if (kinds.find(kind) == std::string::npos) kinds += (kinds.empty() ? "" : ", ") + kind;
    }
    out.push_back("the run recorded " + std::to_string(f.warnings.size()) + " self-check " +
                  (f.warnings.size() == 1 ? "warning" : "warnings") + " (" + kinds +
                  "; ridgeline show prints them)");
  }
  return out;
}

}  // namespace ridgeline
