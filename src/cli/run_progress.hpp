// What `ridgeline run` says while it measures, on stderr: on a terminal, the benchmark
// being measured and then its rate; otherwise (CI logs, a pipe) one line per finished
// benchmark; with --quiet nothing. Each line carries an estimate of the time left
// (run_estimate.hpp). Display only: run_session.cpp hands the records to the writer.
#pragma once

#include <string>

#include "harness.hpp"
#include "run_estimate.hpp"

namespace ridgeline::cli {

enum class Progress { terminal, lines, quiet };

// on_start and on_record that print progress; `clock` is told each finished benchmark's
// wall time and must outlive the run. `total`: planned cases. on_start takes the index
// over every part of the plan (run_session adds the offset of collectives).
HarnessCallbacks progress_callbacks(RunClock& clock, std::size_t total, Progress progress);

// "about 1.2 min left", or "" once nothing is left.
std::string time_left(double seconds);

}  // namespace ridgeline::cli
