#include "report/catalogue_table.hpp"

#include <fmt/format.h>

#include "core/catalogue.hpp"
#include "report/number_format.hpp"
#include "report/text_table.hpp"

namespace ridgeline {

std::string format_catalogue() {
  using A = TextTable::Align;
  TextTable table(
      {"kernel", "family", "dtype", "loads", "stores", "bytes/elem", "flops/elem", "unit",
       "formula"},
      {A::left, A::left, A::left, A::right, A::right, A::right, A::right, A::left, A::left});
  for (const KernelDecl& k : catalogue()) {
    for (DType t : dtypes_in(k.dtypes)) {
      if (k.family == Family::gemm) {
        // Work follows from the shape: bytes per (MK + KN) input and per MN output.
        const auto out = kernels::gemm_output_dtype(t);
        table.add_row({k.name, std::string(to_string(k.family)), std::string(to_string(t)), "-",
                       "-", fmt::format("{}+{}", size_of(t), size_of(out)), "2MNK",
                       std::string(to_string(rate_unit(k.family, t))), k.formula});
        continue;
      }
      if (k.family == Family::collective) {
        // S bytes per call (the message), busbw = algbw x the collective's factor.
        table.add_row({k.name, std::string(to_string(k.family)), std::string(to_string(t)), "-",
                       "-", "S", "0", std::string(to_string(rate_unit(k.family, t))), k.formula});
        continue;
      }
      const Work w = work_per_call(k, t, 1);
      const bool per_fma = k.family == Family::intensity;
      table.add_row({k.name, std::string(to_string(k.family)), std::string(to_string(t)),
                     std::to_string(k.loads_per_element()), std::to_string(k.stores_per_element()),
                     fmt::format("{:g}", w.bytes),
                     per_fma ? fmt::format("{:g} x k", w.flops) : fmt::format("{:g}", w.flops),
                     std::string(to_string(rate_unit(k.family, t))), k.formula});
    }
  }
  return table.render(0) +
         "\nbytes/elem = (loads + stores) x sizeof(dtype); write-allocate traffic is not counted.\n"
         "A multiply-add counts as 2 flops; k = multiply-adds per element of the intensity sweep.\n"
         "matrix: one element = one multiply-add of a matrix instruction; gemm: bytes/elem "
         "'a+c' = a bytes per A and B element, c per C element (each moved once).\n"
         "collective: S = the message (nccl-tests' size); algbw = S / time, busbw = algbw x "
         "2(n-1)/n (all_reduce), (n-1)/n (all_gather, reduce_scatter, all_to_all), 1 (broadcast) "
         "for n ranks.\n"
         "GB/s = 1e9 bytes per second of declared traffic; GFLOP/s = 1e9 declared flops per "
         "second.\n";
}

std::string format_devices(const std::vector<DeviceInfo>& devices) {
  using A = TextTable::Align;
  TextTable table({"id", "name", "units", "clock MHz", "last-level cache", "memory", "arch"},
                  {A::left, A::left, A::right, A::right, A::right, A::right, A::left});
  for (const auto& d : devices) {
    table.add_row({d.id, d.name, fmt::format("{} {}s", d.compute_units, d.compute_unit_kind),
                   d.clock_mhz > 0 ? fmt::format("{:.0f}", d.clock_mhz) : "-",
                   format_bytes(static_cast<double>(d.last_level_cache_bytes())),
                   format_bytes(static_cast<double>(d.memory_bytes)), d.arch});
  }
  return table.render(0);
}

}  // namespace ridgeline
