#include "report/catalogue_table.hpp"

#include <fmt/format.h>

#include "core/catalogue.hpp"
#include "report/number_format.hpp"

namespace ridgeline {

ReportDocument catalogue_document() {
  ReportTable t;
  t.key = "kernels";
  t.indent = 0;
  t.columns = {{"kernel", "kernel", false},
               {"family", "family", false},
               {"dtype", "dtype", false},
               {"loads", "loads", true},
               {"stores", "stores", true},
               {"bytes_per_element", "bytes/elem", true},
               {"flops_per_element", "flops/elem", true},
               {"unit", "unit", false},
               {"formula", "formula", false}};
  for (const KernelDecl& k : catalogue()) {
    for (DType t_ : dtypes_in(k.dtypes)) {
      const auto family = text_cell(std::string(to_string(k.family)));
      const auto dtype = text_cell(std::string(to_string(t_)));
      const auto unit = text_cell(std::string(to_string(rate_unit(k.family, t_))));
      if (k.family == Family::gemm) {
        // Work follows from the shape: bytes per (MK + KN) input and per MN output.
        const auto out = kernels::gemm_output_dtype(t_);
        t.rows.push_back({text_cell(k.name),
                          family,
                          dtype,
                          {},
                          {},
                          text_cell(fmt::format("{}+{}", size_of(t_), size_of(out))),
                          text_cell("2MNK"),
                          unit,
                          text_cell(k.formula)});
        continue;
      }
      if (k.family == Family::collective) {
        // S bytes per call (the message), busbw = algbw x the collective's factor.
        t.rows.push_back({text_cell(k.name),
                          family,
                          dtype,
                          {},
                          {},
                          text_cell("S"),
                          number_cell(0, "0"),
                          unit,
                          text_cell(k.formula)});
        continue;
      }
      const Work w = work_per_call(k, t_, 1);
      const bool per_fma = k.family == Family::intensity;
      t.rows.push_back({text_cell(k.name), family, dtype,
                        number_cell(k.loads_per_element(), std::to_string(k.loads_per_element())),
                        number_cell(k.stores_per_element(), std::to_string(k.stores_per_element())),
                        number_cell(w.bytes, fmt::format("{:g}", w.bytes)),
                        per_fma ? text_cell(fmt::format("{:g} x k", w.flops))
                                : number_cell(w.flops, fmt::format("{:g}", w.flops)),
                        unit, text_cell(k.formula)});
    }
  }
  ReportDocument d;
  d.tables.push_back(std::move(t));
  d.footing = {
      "bytes/elem = (loads + stores) x sizeof(dtype); write-allocate traffic is not counted.",
      "A multiply-add counts as 2 flops; k = multiply-adds per element of the intensity sweep.",
      "matrix: one element = one multiply-add of a matrix instruction; gemm: bytes/elem "
      "'a+c' = a bytes per A and B element, c per C element (each moved once).",
      "collective: S = the message (nccl-tests' size); algbw = S / time, busbw = algbw x "
      "2(n-1)/n (all_reduce), (n-1)/n (all_gather, reduce_scatter, all_to_all), 1 (broadcast) "
      "for n ranks.",
      "GB/s = 1e9 bytes per second of declared traffic; GFLOP/s = 1e9 declared flops per "
      "second."};
  return d;
}

std::string format_catalogue(TableFormat format) { return render(catalogue_document(), format); }

ReportDocument devices_document(const std::vector<DeviceInfo>& devices,
                                const std::vector<std::string>& absent) {
  ReportTable t;
  t.key = "devices";
  t.indent = 0;
  t.columns = {{"id", "id", false},
               {"name", "name", false},
               {"units", "units", true},
               {"unit_kind", "unit kind", false},
               {"clock_mhz", "clock MHz", true},
               {"last_level_cache_bytes", "last-level cache", true},
               {"memory_bytes", "memory", true},
               {"arch", "arch", false}};
  for (const auto& d : devices) {
    const auto llc = static_cast<double>(d.last_level_cache_bytes());
    const auto memory = static_cast<double>(d.memory_bytes);
    t.rows.push_back({text_cell(d.id), text_cell(d.name),
                      number_cell(d.compute_units, std::to_string(d.compute_units)),
                      text_cell(d.compute_unit_kind),
                      d.clock_mhz > 0 ? number_cell(d.clock_mhz, fmt::format("{:.0f}", d.clock_mhz))
                                      : TableCell{},
                      llc > 0 ? number_cell(llc, format_bytes(llc)) : TableCell{},
                      memory > 0 ? number_cell(memory, format_bytes(memory)) : TableCell{},
                      text_cell(d.arch)});
  }
  ReportDocument doc;
  doc.heading = absent;
  doc.tables.push_back(std::move(t));
  return doc;
}

}  // namespace ridgeline
