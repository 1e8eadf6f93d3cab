// The self-check's findings (analysis/run_checks.hpp) as the one-line warnings a run
// prints under its table and keeps in its result file.
#pragma once

#include <vector>

#include "analysis/run_checks.hpp"
#include "results/result_model.hpp"

namespace ridgeline {

RunWarning word_finding(const RunFinding& finding);
// check_run(run), worded.
std::vector<RunWarning> run_warnings(const ResultFile& run);

}  // namespace ridgeline
