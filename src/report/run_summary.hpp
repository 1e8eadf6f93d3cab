// The table `ridgeline run` prints: the ceilings a run found and the ridge point.
#pragma once

#include <string>

#include "results/result_model.hpp"

namespace ridgeline {

std::string format_run_summary(const ResultFile& run);

}  // namespace ridgeline
