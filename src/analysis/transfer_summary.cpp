#include "analysis/transfer_summary.hpp"

#include <algorithm>

#include "analysis/ceilings.hpp"

namespace ridgeline {

std::optional<double> TransferRow::gbps(const TransferParams& how) const {
  for (const auto& c : cells)
    if (c.how == how) return c.gbps;
  return std::nullopt;
}

std::vector<TransferRow> transfer_summary(const ResultFile& run) {
  std::vector<TransferRow> rows;
  for (const BenchmarkRecord& r : run.benchmarks) {
    if (r.family != Family::transfer || !has_measured_rate(r)) continue;
    const auto host = text_param(r.params, param_keys::kTransferHost);
    const auto engine = text_param(r.params, param_keys::kTransferEngine);
    const auto h = host ? parse_host_memory(*host) : std::nullopt;
    const auto e = engine ? parse_copy_engine(*engine) : std::nullopt;
    if (!h || !e) continue;
    auto it = std::find_if(rows.begin(), rows.end(),
                           [&](const TransferRow& row) { return row.kernel == r.kernel; });
    if (it == rows.end()) it = rows.insert(rows.end(), TransferRow{r.kernel, {}});
    const TransferParams how{*h, *e};
    const auto cell = std::find_if(it->cells.begin(), it->cells.end(),
                                   [&](const TransferCell& c) { return c.how == how; });
    if (cell == it->cells.end())
      it->cells.push_back({how, r.median_rate()});
    else
      cell->gbps = std::max(cell->gbps, r.median_rate());
  }
  return rows;
}

}  // namespace ridgeline
