// The host <-> device copies of a run: per direction (h2d, d2h, bidir) the bandwidth of
// each way of copying (pinned by the copy engine, pinned by an SM kernel, pageable by the
// copy engine). Only passed benchmarks count.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/transfer.hpp"
#include "results/result_model.hpp"

namespace ridgeline {

struct TransferCell {
  TransferParams how;
  double gbps = 0;
};

struct TransferRow {
  std::string kernel;  // "h2d", "d2h", "bidir"
  std::vector<TransferCell> cells;
  std::optional<double> gbps(const TransferParams& how) const;
};

// Rows in the order the kernels first appear; empty when no copy was measured.
std::vector<TransferRow> transfer_summary(const ResultFile& run);

}  // namespace ridgeline
