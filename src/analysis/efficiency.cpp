#include "analysis/efficiency.hpp"

#include <algorithm>

namespace ridgeline {

const CeilingShare* Efficiency::for_dtype(std::string_view dtype) const {
  for (const auto& c : compute)
    if (c.ceiling == dtype) return &c;
  return nullptr;
}

Efficiency measure_efficiency(const ResultFile& run, const ResultFile& datasheet) {
  Efficiency e;
  if (datasheet.datasheet) {
    e.chip_id = datasheet.datasheet->id;
    e.vendor = datasheet.datasheet->vendor;
  }
  const Ceilings measured = find_ceilings(run);
  const Ceilings stated = find_ceilings(datasheet);
  if (measured.best_bandwidth && stated.best_bandwidth && stated.best_bandwidth->value > 0)
    e.bandwidth =
        CeilingShare{"bandwidth", measured.best_bandwidth->value, stated.best_bandwidth->value};
  for (const auto& m : measured.compute) {
    const auto s =
        std::find_if(stated.compute.begin(), stated.compute.end(),
                     [&](const Ceiling& c) { return c.dtype == m.dtype && c.unit == m.unit; });
    if (s != stated.compute.end() && s->value > 0)
      e.compute.push_back(CeilingShare{m.dtype, m.value, s->value});
  }
  return e;
}

Ceilings scaled_ceilings(const Ceilings& datasheet, const Efficiency& efficiency) {
  Ceilings out;
  if (datasheet.best_bandwidth && efficiency.bandwidth) {
    Ceiling bw = *datasheet.best_bandwidth;
    bw.value *= efficiency.bandwidth->share();
    out.best_bandwidth = bw;
    out.bandwidth.push_back(bw);
  }
  for (const auto& c : datasheet.compute)
    if (const CeilingShare* share = efficiency.for_dtype(c.dtype)) {
      Ceiling scaled = c;
      scaled.value *= share->share();
      out.compute.push_back(std::move(scaled));
    }
  recompute_ridges(out);
  return out;
}

}  // namespace ridgeline
