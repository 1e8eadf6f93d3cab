// Test records named and typed as the planner makes them: kernel, family, dtype and unit
// come from the catalogue, so a fixture cannot use a name ridgeline never produces.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "core/catalogue.hpp"
#include "results/result_model.hpp"

namespace ridgeline::testing {

// A passed record of `kernel` in `dtype` with the declared work per call and three
// samples around `seconds`; `suffix` extends the name ("/ai:8").
inline BenchmarkRecord catalogue_record(std::string_view kernel, std::string_view dtype,
                                        double bytes, double flops, double seconds,
                                        std::string_view suffix = "") {
  BenchmarkRecord r;
  const KernelDecl* decl = find_kernel(kernel);
  const auto t = parse_dtype(dtype);
  if (decl == nullptr || !t || (decl->dtypes & kernels::mask_of(*t)) == 0) {
    ADD_FAILURE() << "the catalogue has no " << kernel << " in " << dtype;
    return r;
  }
  r.kernel = decl->name;
  r.family = decl->family;
  r.dtype = *t;
  r.unit = rate_unit(decl->family, *t);
  r.name = std::string(kernel) + "/" + std::string(dtype) + std::string(suffix);
  r.bytes_per_call = bytes;
  r.flops_per_call = flops;
  r.sample_seconds = {seconds, seconds * 1.1, seconds * 0.9};
  return r;
}

// The same from a benchmark name, "<kernel>/<dtype>[/<param>...]".
inline BenchmarkRecord catalogue_record(const std::string& name, double bytes, double flops,
                                        double seconds) {
  const auto first = name.find('/');
  const auto second = name.find('/', first + 1);
  return catalogue_record(name.substr(0, first), name.substr(first + 1, second - first - 1), bytes,
                          flops, seconds, second == std::string::npos ? "" : name.substr(second));
}

}  // namespace ridgeline::testing
