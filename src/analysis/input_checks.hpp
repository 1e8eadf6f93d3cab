// What a reader of a result file (compare, roofline, project, show, a fleet of files)
// should be told before it trusts the file: a run that did not reach its end, and the
// warnings its own self-check recorded. Computation only: the command prints the lines.
#pragma once

#include <string>
#include <vector>

#include "results/result_model.hpp"

namespace ridgeline {

// One phrase per problem, without the file's name: "run interrupted (Ctrl-C or a
// signal) after 12 of 40 planned benchmarks", "the run recorded 2 self-check warnings
// (noisy, busy_host)". Empty for a complete run without warnings, a datasheet or a plain
// Google Benchmark file.
std::vector<std::string> input_warnings(const ResultFile& file);

}  // namespace ridgeline
