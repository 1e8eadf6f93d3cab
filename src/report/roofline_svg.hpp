// The roofline picture as SVG: log-log axes (flop/byte, FLOP/s; op/byte and OP/s for
// integer roofs), one roof per input and dtype, the measured sweep points of runs, ridge
// points marked and labelled, a legend. Plain SVG 1.1 written by hand: no script, no
// external resource, opens anywhere. roofline_layout.hpp computes where everything goes.
#pragma once

#include <span>
#include <string>

#include "report/roofline_input.hpp"

namespace ridgeline {

// The whole picture, plot and legend side by side, sized in pixels: a file of its own.
std::string roofline_svg(std::span<const RooflineInput> inputs);

// The same picture as two SVGs, the plot and its legend, each 100% of its container's width
// up to its natural size and keeping its aspect ratio: a page lays them side by side where
// it is wide enough and one above the other where not, so the legend never scrolls away.
struct RooflineSvgParts {
  std::string plot;
  std::string legend;
};
RooflineSvgParts roofline_svg_parts(std::span<const RooflineInput> inputs);

}  // namespace ridgeline
