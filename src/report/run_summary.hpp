// The table `ridgeline run` prints (and `ridgeline show` re-prints from a file): the
// ceilings a run found, the sweep, the matrix units beside the vendor GEMM, the ridge
// point, the self-check's warnings and what was not measured. `datasheet` (may be null)
// is the chip the device was matched to: its dense peaks give the "% datasheet" columns.
#pragma once

#include <string>

#include "report/table_document.hpp"
#include "results/result_model.hpp"

namespace ridgeline {

ReportDocument run_summary_document(const ResultFile& run, const Datasheet* datasheet = nullptr);
std::string format_run_summary(const ResultFile& run, const Datasheet* datasheet = nullptr,
                               TableFormat format = TableFormat::table);

}  // namespace ridgeline
