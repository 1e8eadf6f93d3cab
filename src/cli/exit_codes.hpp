// Exit codes shared by every subcommand, so scripts and CI can rely on them.
#pragma once

#include <stdexcept>

namespace ridgeline::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailures = 1;       // a benchmark failed (wrong result, error)
inline constexpr int kExitUsage = 2;          // bad arguments or unreadable input
inline constexpr int kExitNotComparable = 3;  // compare: schema major or kind mismatch
inline constexpr int kExitInconclusive = 4;   // compare --strict: a NOISY or UNCERTAIN verdict
inline constexpr int kExitMissing = 4;        // fleet: nothing SLOW or FAILED, but a device MISSING
// Stopped by a signal: 128 + the signal number (130 for Ctrl-C); measured work is kept.
// run: 124 (like timeout(1)) when a benchmark hung past --time-limit and could not be
// cancelled; the result file keeps what finished before (harness.hpp: kHungExitCode).

// Bad input: printed as one line, exit code 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace ridgeline::cli
