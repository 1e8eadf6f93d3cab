// A self-contained HTML page: the roofline SVG inline, then per input its ceilings, ridge
// points and (for runs) the fitted roofline with each sweep point's distance from it.
// No script, no stylesheet or font fetched from anywhere.
#pragma once

#include <span>
#include <string>

#include "report/roofline_svg.hpp"

namespace ridgeline {

std::string roofline_html(std::span<const RooflineInput> inputs);

}  // namespace ridgeline
