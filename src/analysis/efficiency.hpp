// Measured efficiency carried to a chip nobody here has measured: a run on a chip with a
// datasheet gives, per ceiling (memory bandwidth, the compute peak of each dtype), the
// share of the datasheet value it reached; another chip's datasheet ceilings are scaled
// by those shares. That is an assumption (the other chip is as far from its datasheet as
// the measured one), and every output that uses it says so.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/ceilings.hpp"
#include "results/result_model.hpp"

namespace ridgeline {

struct CeilingShare {
  std::string ceiling;   // "bandwidth" or a dtype ("bf16", "fp32")
  double measured = 0;   // GB/s, GFLOP/s or GOP/s, as ceilings carry them
  double datasheet = 0;  // the same unit
  double share() const { return datasheet > 0 ? measured / datasheet : 0; }
};

struct Efficiency {
  std::string chip_id;  // the datasheet the run's device maps to: "nvidia-h200-sxm"
  std::string vendor;   // that datasheet's vendor, to say when a target is not a sibling
  std::optional<CeilingShare> bandwidth;
  std::vector<CeilingShare> compute;  // every dtype known to both the run and its datasheet
  const CeilingShare* for_dtype(std::string_view dtype) const;
};

// `run` is a measured run, `datasheet` the chip its device maps to (datasheet_match).
Efficiency measure_efficiency(const ResultFile& run, const ResultFile& datasheet);

// A datasheet's ceilings times the shares: bandwidth by the bandwidth share, each compute
// dtype by its own share; a dtype without a share is dropped (no share is borrowed from
// another dtype), as is the bandwidth without one. Ridges are recomputed.
Ceilings scaled_ceilings(const Ceilings& datasheet, const Efficiency& efficiency);

}  // namespace ridgeline
