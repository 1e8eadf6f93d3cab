// The legend beside the roofline plot: per input its marker and name, one row per roof
// (line style, dtype, peak / bandwidth = ridge, and a note when it is drawn shifted), and
// for runs one row per sweep and per set of vendor GEMM shapes.
#pragma once

#include <span>
#include <string>

#include "report/roofline_input.hpp"
#include "report/roofline_layout.hpp"

namespace ridgeline {

struct Legend {
  std::string svg;
  double right = 0;   // the widest row's end, in user units
  double bottom = 0;  // below the last row
};

Legend roofline_legend(std::span<const RooflineInput> inputs, const RooflineLayout& layout);

}  // namespace ridgeline
