// The inputs of the analysis commands (roofline, project): each FILE or chip:<id> loaded
// through the one reader and given a short label for legends and tables.
#pragma once

#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "results/result_model.hpp"

namespace ridgeline::cli {

struct LoadedInput {
  std::string argument;  // as given: a path or chip:<id>
  ResultFile file;
  std::string label;  // the datasheet's name ("NVIDIA H20 (96GB)") or the run's device
  std::string tag;    // shorter, for labels inside a picture: "H20"
  bool measured() const { return file.kind != FileKind::datasheet; }
};

// An input that cannot be read (missing, not JSON, unknown chip): the command prints its
// one-line message and exits 2; the command line itself was fine, so no usage hint.
struct UnreadableInput : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Loads every argument in order; labels that would repeat get the file name added.
// Throws UsageError when there is no argument, UnreadableInput when one cannot be read.
// An input that did not finish or recorded warnings gets a warning line on stderr.
std::vector<LoadedInput> load_inputs(std::span<const std::string> arguments);

// "ridgeline: warning: <argument>: run interrupted ..." on stderr, one line per problem
// analysis/input_checks.hpp finds.
void warn_about_input(const std::string& argument, const ResultFile& file);

}  // namespace ridgeline::cli
