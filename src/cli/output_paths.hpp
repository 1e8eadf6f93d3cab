// The files a command will write, checked together before any of them is written: a
// command that fails on its second file must not leave its first behind, and two options
// naming one file would silently keep only the last.
#pragma once

#include <span>
#include <stdexcept>
#include <string>

namespace ridgeline::cli {

struct OutputPath {
  std::string option;  // "--out"
  std::string path;    // as given
};

// An output that cannot be written, or one file named twice: the command prints the one
// line and exits 2 (like an unreadable input, no usage hint: the syntax was fine).
struct UnwritableOutput : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Throws UnwritableOutput when two outputs are the same file (also through a symlink or
// "./"), one names a directory, or its directory is missing or not writable.
void check_output_paths(std::span<const OutputPath> outputs);

}  // namespace ridgeline::cli
