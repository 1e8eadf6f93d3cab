// What `ridgeline fleet` (and rank 0 of a coordinated run) exits with, so an acceptance
// pipeline can gate on it, and the summary file rank 0 writes beside the ranks' files.
#pragma once

#include "analysis/fleet_judgement.hpp"
#include "cli/exit_codes.hpp"

namespace ridgeline::cli {

// Written by rank 0 of a coordinated run into --out-dir; `fleet DIR` leaves it out.
inline constexpr char kFleetSummaryFile[] = "fleet-summary.json";

// 0 every device PASS; 1 a device SLOW or FAILED; 4 none of those, but a device MISSING
// (no file, an incomplete run, a benchmark the others measured).
inline int fleet_exit_code(const FleetJudgement& j) {
  bool missing = false;
  for (const auto& d : j.devices) {
    if (d.verdict == DeviceVerdict::slow || d.verdict == DeviceVerdict::failed)
      return kExitFailures;
    missing = missing || d.verdict == DeviceVerdict::missing;
  }
  return missing ? kExitMissing : kExitOk;
}

}  // namespace ridgeline::cli
