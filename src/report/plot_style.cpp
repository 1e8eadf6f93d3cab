#include "report/plot_style.hpp"

#include <fmt/format.h>

#include <array>

namespace ridgeline {
namespace {

// CARTO "Safe" (after Paul Tol), ordered so the strongest colours come first; the text
// variants are the same hue darkened to a 4.5:1 contrast on white where the line colour
// is lighter than that.
struct PaletteEntry {
  const char* colour;
  const char* text;
};
constexpr std::array<PaletteEntry, kPaletteColours> kPalette{{
    {"#332288", "#332288"},  // indigo
    {"#CC6677", "#B55A69"},  // rose
    {"#117733", "#117733"},  // green
    {"#AA4499", "#AA4499"},  // purple
    {"#44AA99", "#348275"},  // teal
    {"#882255", "#882255"},  // wine
    {"#6699CC", "#517AA3"},  // blue
    {"#999933", "#7A7A28"},  // olive
    {"#661100", "#661100"},  // brown
    {"#888888", "#767676"},  // grey
    {"#88CCEE", "#527C91"},  // cyan
    {"#DDCC77", "#807645"},  // sand
}};

constexpr std::array<Marker, kMarkerShapes> kShapes{
    Marker::circle, Marker::square, Marker::triangle, Marker::diamond, Marker::triangle_down};

}  // namespace

InputStyle input_style(std::size_t input_index) {
  const PaletteEntry& p = kPalette[input_index % kPalette.size()];
  return {p.colour, p.text, kShapes[input_index % kShapes.size()]};
}

std::string_view dash_of(std::string_view dtype) {
  if (dtype == "fp32") return "9 5";
  if (dtype == "tf32") return "12 4 3 4";
  if (dtype == "fp64") return "2.5 3.5";
  if (dtype == "fp8" || dtype == "int8") return "14 4";
  if (dtype == "fp4") return "14 4 3 4 3 4";
  return "";  // bf16, fp16
}

Marker sweep_marker_of(std::string_view dtype) {
  if (dtype == "fp32") return Marker::circle;
  if (dtype == "fp64") return Marker::square;
  if (dtype == "bf16" || dtype == "fp16") return Marker::triangle;
  return Marker::diamond;
}

std::string marker_svg(Marker m, double x, double y, double size, std::string_view attributes) {
  const double r = size;
  switch (m) {
    case Marker::circle:
      return fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="{:.1f}" {}/>)", x, y, r, attributes);
    case Marker::square:  // a little smaller than the circle's box: it looks as large
      return fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" {}/>)",
                         x - 0.9 * r, y - 0.9 * r, 1.8 * r, 1.8 * r, attributes);
    case Marker::triangle:
      return fmt::format(R"(<polygon points="{:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f}" {}/>)", x,
                         y - 1.2 * r, x + 1.1 * r, y + 0.8 * r, x - 1.1 * r, y + 0.8 * r,
                         attributes);
    case Marker::triangle_down:
      return fmt::format(R"(<polygon points="{:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f}" {}/>)", x,
                         y + 1.2 * r, x + 1.1 * r, y - 0.8 * r, x - 1.1 * r, y - 0.8 * r,
                         attributes);
    case Marker::diamond:
      return fmt::format(
          R"(<polygon points="{:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f}" {}/>)", x,
          y - 1.3 * r, x + 1.1 * r, y, x, y + 1.3 * r, x - 1.1 * r, y, attributes);
  }
  return {};
}

}  // namespace ridgeline
