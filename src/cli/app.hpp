// The ridgeline command line: parses arguments and dispatches to a subcommand.
#pragma once

namespace ridgeline::cli {

// Returns the process exit code; never throws.
int run_cli(int argc, char** argv);

}  // namespace ridgeline::cli
