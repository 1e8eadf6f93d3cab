// The table `ridgeline run` prints: the ceilings a run found, the matrix units beside
// the vendor GEMM, and the ridge point. `datasheet` (may be null) is the chip the device
// was matched to: its dense peaks give the "% datasheet" columns.
#pragma once

#include <string>

#include "results/result_model.hpp"

namespace ridgeline {

std::string format_run_summary(const ResultFile& run, const Datasheet* datasheet = nullptr);

}  // namespace ridgeline
