// `ridgeline chips ID`: one datasheet in full, every stated number with the sources it
// cites, the ridge points computed from them, and the datasheet's notes.
#pragma once

#include "report/table_document.hpp"
#include "results/result_model.hpp"

namespace ridgeline {

// `chip` is a loaded datasheet file (kind "datasheet").
ReportDocument chip_detail(const ResultFile& chip);

}  // namespace ridgeline
