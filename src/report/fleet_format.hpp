// How `ridgeline fleet` (and rank 0 of a coordinated run) shows a fleet's judgement: a
// terminal table, markdown, CSV or JSON. Formatting only; the numbers and verdicts come
// from analysis/fleet_judgement.hpp.
#pragma once

#include <string>

#include "analysis/fleet_judgement.hpp"
#include "report/table_document.hpp"

namespace ridgeline {

// table and md: the benchmarks (median, best, worst, spread), the devices with their
// verdicts and reasons, the nodes, collectives, floors and drifts where there are any,
// and a last line with the overall verdict. csv: one record per device and benchmark
// (full precision), then after a blank line one per device with its verdict. json: one
// object with everything.
std::string format_fleet(const FleetJudgement& j, TableFormat format);

// One reason in words: "copy/fp64 0.70x median, 32% below best, z -23.6".
std::string reason_text(const FleetJudgement& j, const VerdictReason& r);

// The last line of the table: "fleet verdict: SLOW (1 of 4 devices not passing: r2 vm cpu:0)".
std::string verdict_line(const FleetJudgement& j);

}  // namespace ridgeline
