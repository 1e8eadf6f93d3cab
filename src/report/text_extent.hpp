// How much room a line of SVG text takes, estimated without a font file: per-character
// advance widths close to DejaVu Sans (the first font the pictures ask for, and wider than
// the Helvetica or Arial a browser may fall back to), rounded up, so a box computed from
// them holds the rendered text.
#pragma once

#include <string_view>

namespace ridgeline {

// Width in user units of `text` (UTF-8) at `font_size`; an upper estimate.
double estimate_text_width(std::string_view text, double font_size);

// Height of a line's box (ascent + descent) and how far its baseline sits above its bottom.
double text_box_height(double font_size);
double text_baseline_above_bottom(double font_size);

}  // namespace ridgeline
