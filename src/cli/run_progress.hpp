// What `ridgeline run` says while it measures, on stderr: on a terminal, the benchmark
// being measured and then its rate; otherwise (CI logs, a pipe) one line per finished
// benchmark; with --quiet nothing. Each line carries an estimate of the time left
// (run_estimate.hpp). The callbacks also hand every record to the result writer.
#pragma once

#include <string>

#include "harness.hpp"
#include "results/result_writer.hpp"
#include "run_estimate.hpp"

namespace ridgeline::cli {

enum class Progress { terminal, lines, quiet };

// `write_error` receives the first write failure (and stops the run); `clock` is told
// each finished benchmark's wall time. Both must outlive the run. `total`: planned cases.
HarnessCallbacks progress_callbacks(ResultWriter& writer, std::string& write_error, RunClock& clock,
                                    std::size_t total, Progress progress);

// "about 1.2 min left", or "" once nothing is left.
std::string time_left(double seconds);

}  // namespace ridgeline::cli
