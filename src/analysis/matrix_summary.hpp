// The matrix-unit view of a run, per dtype: the best pure instruction rate (mma, wgmma),
// the best vendor GEMM, how much of the pure rate the GEMM reaches, and how far both are
// from the peak at the clock the device ran at and from the datasheet's dense peak.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/ceilings.hpp"
#include "results/result_model.hpp"

namespace ridgeline {

struct MatrixRow {
  std::string dtype;                     // as measured: "bf16", "fp8_e4m3"
  std::optional<Ceiling> pure;           // best of the matrix family (mma, wgmma)
  std::optional<Ceiling> gemm;           // best vendor GEMM shape
  std::optional<double> gemm_over_pure;  // gemm / pure
  // pure / (peak per MHz the backend recorded x the observed SM clock) x 100.
  std::optional<double> pure_percent_at_clock;
  std::optional<double> observed_clock_mhz;
  // pure / datasheet dense peak x 100 (fp8 formats use the datasheet's "fp8").
  std::optional<double> pure_percent_of_datasheet;
  std::optional<double> gemm_percent_of_datasheet;
};

// Rows in the order the dtypes first appear in the run; empty when the run has no
// passed matrix or gemm benchmark. `datasheet` is the chip the device was matched to.
std::vector<MatrixRow> matrix_summary(const ResultFile& run, const Datasheet* datasheet);

}  // namespace ridgeline
