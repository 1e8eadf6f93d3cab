// `ridgeline run --list`: the benchmarks a run would measure (suite, --filter, --size
// applied) with the time each is expected to take, and nothing measured.
#pragma once

#include <vector>

#include "report/table_document.hpp"
#include "run_estimate.hpp"
#include "suite_plan.hpp"

namespace ridgeline::cli {

ReportDocument run_listing(const std::vector<PlannedCase>& plan, const RunEstimate& estimate,
                           const HarnessOptions& options, const DeviceInfo& device);

}  // namespace ridgeline::cli
