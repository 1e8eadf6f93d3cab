// How the roofline tells its inputs and dtypes apart: per input a colour (12, colour-blind
// safe) and a marker shape (5); per dtype a line style and a sweep-point shape.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ridgeline {

enum class Marker { circle, square, triangle, diamond, triangle_down };

inline constexpr std::size_t kPaletteColours = 12;
inline constexpr std::size_t kMarkerShapes = 5;

struct InputStyle {
  std::string_view colour;       // lines and markers
  std::string_view text_colour;  // the same hue, dark enough to read as small text on white
  Marker marker;                 // its ridge points and its legend entry
};

// Colour i mod 12 and shape i mod 5: 12 and 5 share no factor, so the first 60 inputs get
// 60 different pairs, and neighbours (often the colours that look alike) differ in both.
InputStyle input_style(std::size_t input_index);

// Line style per dtype, fixed so a picture reads like the next: bf16/fp16 solid, fp32
// dashed, fp64 dotted; "" is solid.
std::string_view dash_of(std::string_view dtype);

// The filled shape of a run's sweep points of this dtype.
Marker sweep_marker_of(std::string_view dtype);

// A marker centred on (x, y); `size` is a circle's radius, other shapes look as large.
// `attributes` is appended inside the element: fill, stroke.
std::string marker_svg(Marker m, double x, double y, double size, std::string_view attributes);

}  // namespace ridgeline
