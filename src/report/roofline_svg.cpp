#include "report/roofline_svg.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/number_format.hpp"
#include "report/plot_style.hpp"
#include "report/roofline_layout.hpp"
#include "report/roofline_legend.hpp"
#include "report/text_extent.hpp"
#include "report/text_table.hpp"
#include "report/xml_text.hpp"

namespace ridgeline {
namespace {

// The white outline drawn under every label inside the plot (paint-order: stroke first),
// so a roof line passing behind a label breaks instead of striking through the text.
constexpr const char* kHalo =
    R"(stroke="white" stroke-width="4" stroke-linejoin="round" paint-order="stroke")";

// Integer roofs count operations, not flops: the axes say which the picture holds.
struct AxisUnits {
  const char* tick;      // after "100 T": empty when both kinds share the axis
  const char* rate;      // "attainable ..."
  const char* per_byte;  // "arithmetic intensity (...)"
};

AxisUnits axis_units(const RooflineLayout& l) {
  if (l.any_integer && l.any_floating)
    return {"", "FLOP/s; OP/s for integer", "flop/byte; op/byte for integer"};
  if (l.any_integer) return {"OP/s", "OP/s", "op/byte"};
  return {"FLOP/s", "FLOP/s", "flop/byte"};
}

std::string axes_svg(const RooflineLayout& l) {
  const LogAxis &x = l.x, &y = l.y;
  std::string out = R"(<g class="grid" stroke-width="1">)";
  for (int d = x.lo; d <= x.hi; ++d)
    for (int m = 1; m <= 9 && (d < x.hi || m == 1); ++m) {
      const double px = x(m * std::pow(10.0, d));
      out += fmt::format(R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}"/>)",
                         px, y.to, px, y.from, m == 1 ? "#c8c8c8" : "#eeeeee");
    }
  for (int d = y.lo; d <= y.hi; ++d)
    for (int m = 1; m <= 9 && (d < y.hi || m == 1); ++m) {
      const double py = y(m * std::pow(10.0, d));
      out += fmt::format(R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}"/>)",
                         x.from, py, x.to, py, m == 1 ? "#c8c8c8" : "#eeeeee");
    }
  out += "</g>\n";
  out += fmt::format(
      R"(<rect class="frame" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="none" stroke="#555"/>)",
      kPlotArea.x0, kPlotArea.y0, kPlotArea.x1 - kPlotArea.x0, kPlotArea.y1 - kPlotArea.y0);
  out += "\n<g class=\"ticks\" font-size=\"12\" fill=\"#333\">";
  for (int d = x.lo; d <= x.hi; ++d)
    out += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>)",
                       x(std::pow(10.0, d)), y.from + 18, intensity_tick(d));
  const AxisUnits units = axis_units(l);
  for (int d = y.lo; d <= y.hi; ++d)
    out += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="end">{}</text>)", x.from - 8,
                       y(std::pow(10.0, d)) + 4, rate_tick(d, units.tick));
  out += "</g>\n";
  out += fmt::format(
      R"(<text class="axis-title" x="{:.1f}" y="{:.1f}" text-anchor="middle" font-size="13">arithmetic intensity ({})</text>)",
      (kPlotArea.x0 + kPlotArea.x1) / 2, y.from + 42, units.per_byte);
  out += fmt::format(
      R"svg(<text class="axis-title" transform="translate({:.1f},{:.1f}) rotate(-90)" text-anchor="middle" font-size="13">attainable {}</text>)svg",
      22.0, (kPlotArea.y0 + kPlotArea.y1) / 2, units.rate);
  return out + "\n";
}

std::string roof_svg(const Roof& r, const RooflineInput& in, const LogAxis& x, const LogAxis& y) {
  const InputStyle style = input_style(r.input);
  const std::string_view dash = r.dtypes.empty() ? "2 5" : dash_of(r.dtypes.front());
  const std::string stroke =
      fmt::format(R"(fill="none" stroke="{}" stroke-width="{}"{} stroke-linejoin="round")",
                  style.colour, in.measured ? 2.6 : 1.8,
                  dash.empty() ? std::string() : fmt::format(R"( stroke-dasharray="{}")", dash));
  std::string path;
  for (const Segment& seg : roof_segments(r, x, y))
    path += path.empty()
                ? fmt::format("M{:.1f},{:.1f} L{:.1f},{:.1f}", seg.x0, seg.y0, seg.x1, seg.y1)
                : fmt::format(" L{:.1f},{:.1f}", seg.x1, seg.y1);
  if (!r.has_peak())
    return fmt::format(
        R"(<g class="bandwidth-roof" data-input="{}"><title>{}: {} bandwidth, no peak known</title>)"
        R"(<path d="{}" {}/></g>)"
        "\n",
        xml_escape(in.label), xml_escape(in.label), format_si(r.bandwidth, "B/s"), path, stroke);
  return fmt::format(
      R"(<g class="roof" data-input="{}" data-dtype="{}"><title>{} {}: {} peak, {} bandwidth</title>)"
      R"(<path d="{}" {}/></g>)"
      "\n",
      xml_escape(in.label), r.dtype_text(), xml_escape(in.label), r.dtype_text(),
      format_si(r.peak, r.integer ? "OP/s" : "FLOP/s"), format_si(r.bandwidth, "B/s"), path,
      stroke);
}

// A run's sweep: filled markers, shape by dtype. Vendor GEMM shapes: hollow squares in
// the roof's colour, "what a real library reaches" beside the sweep.
std::string points_svg(const PointSet& s, const RooflineLayout& l,
                       std::span<const RooflineInput> inputs) {
  const Roof& r = l.roofs[s.roof];
  const RooflineInput& in = inputs[r.input];
  const InputStyle style = input_style(r.input);
  std::string out =
      s.gemm
          ? fmt::format(
                R"(<g class="gemm" data-input="{}" data-dtype="{}" fill="none" stroke="{}" stroke-width="1.4">)",
                xml_escape(in.label), s.dtype, style.colour)
          : fmt::format(
                R"(<g class="sweep" data-input="{}" data-dtype="{}" fill="{}" stroke="white" stroke-width="0.8">)",
                xml_escape(in.label), s.dtype, style.colour);
  for (const auto& p : *s.points) {
    const double px = l.x(p.flop_per_byte), py = l.y(p.gflops * 1e9);
    const std::string shape =
        s.gemm ? fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="{}" height="{}"/>)",
                             px - kGemmMarkerSide / 2, py - kGemmMarkerSide / 2, kGemmMarkerSide,
                             kGemmMarkerSide)
               : marker_svg(sweep_marker_of(s.dtype), px, py, kSweepMarkerSize, "");
    out += fmt::format(R"(<g class="point"><title>{}: {} flop/B, {}</title>{}</g>)",
                       xml_escape(p.benchmark), format_rate(p.flop_per_byte),
                       format_si(p.gflops * 1e9, "FLOP/s"), shape);
  }
  return out + "</g>\n";
}

// Markers first, then every label over them, so no marker is painted over a label.
std::string ridges_svg(const RooflineLayout& l, std::span<const RooflineInput> inputs) {
  std::string markers, labels;
  for (const auto& label : l.labels) {
    const Roof& r = l.roofs[label.roof];
    const InputStyle style = input_style(r.input);
    std::string leader;
    if (label.leader)
      leader = fmt::format(
          R"(<line class="leader" x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="0.9"/>)",
          label.anchor_x, label.anchor_y, std::clamp(label.anchor_x, label.box.x0, label.box.x1),
          std::clamp(label.anchor_y, label.box.y0, label.box.y1), style.colour);
    markers += fmt::format(
        R"(<g class="ridge" data-input="{}" data-dtype="{}" data-per-byte="{:.6g}">{}{}</g>)"
        "\n",
        xml_escape(inputs[r.input].label), r.dtype_text(), r.ridge(), leader,
        marker_svg(style.marker, label.anchor_x, label.anchor_y, kRidgeMarkerSize,
                   fmt::format(R"(fill="white" stroke="{}" stroke-width="{}")", style.colour,
                               kRidgeMarkerStroke)));
    // A translucent card under the halo: lines behind a label fade rather than cut it.
    labels += fmt::format(
        R"(<rect class="label-card" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" rx="2" fill="white" fill-opacity="0.8"/>)",
        label.box.x0, label.box.y0, label.box.x1 - label.box.x0, label.box.y1 - label.box.y0);
    labels += fmt::format(
        R"(<text class="ridge-label" data-input="{}" data-dtype="{}" data-box="{:.1f} {:.1f} {:.1f} {:.1f}" x="{:.1f}" y="{:.1f}" font-size="{}" fill="{}" {}>{}</text>)"
        "\n",
        xml_escape(inputs[r.input].label), r.dtype_text(), label.box.x0, label.box.y0, label.box.x1,
        label.box.y1, label.box.x0 + kLabelHalo,
        label.box.y1 - kLabelHalo - text_baseline_above_bottom(kLabelFont), kLabelFont,
        style.text_colour, kHalo, xml_escape(label.text));
  }
  return markers +
         R"(<g class="ridge-labels">)"
         "\n" +
         labels + "</g>\n";
}

std::string subtitle(std::span<const RooflineInput> inputs) {
  std::size_t runs = 0;
  for (const auto& in : inputs) runs += in.measured ? 1 : 0;
  const std::size_t sheets = inputs.size() - runs;
  return fmt::format("{} measured run{} (thick lines, sweep points), {} datasheet{} (thin lines)",
                     runs, runs == 1 ? "" : "s", sheets, sheets == 1 ? "" : "s");
}

// Title, axes, roofs, points, ridge markers and labels: everything left of the legend.
std::string plot_svg(std::span<const RooflineInput> inputs, const RooflineLayout& layout) {
  std::string out = fmt::format(
      R"(<text class="title" x="{:.1f}" y="26" font-size="18" font-weight="bold">Roofline</text>)"
      R"(<text class="subtitle" x="{:.1f}" y="46" font-size="12" fill="#555">{}</text>)"
      "\n",
      kPlotArea.x0, kPlotArea.x0, subtitle(inputs));
  out += fmt::format(
      R"(<defs><clipPath id="plot-area"><rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}"/></clipPath></defs>)"
      "\n",
      kPlotArea.x0, kPlotArea.y0, kPlotArea.x1 - kPlotArea.x0, kPlotArea.y1 - kPlotArea.y0);
  out += axes_svg(layout);
  out += R"svg(<g class="roofs" clip-path="url(#plot-area)">)svg"
         "\n";
  // Datasheets first, so measured lines and points are drawn on top of them.
  for (bool measured : {false, true})
    for (const auto& r : layout.roofs)
      if (inputs[r.input].measured == measured)
        out += roof_svg(r, inputs[r.input], layout.x, layout.y);
  for (const auto& s : layout.point_sets)
    if (!s.gemm) out += points_svg(s, layout, inputs);
  for (const auto& s : layout.point_sets)
    if (s.gemm) out += points_svg(s, layout, inputs);
  out += "</g>\n";
  return out + ridges_svg(layout, inputs);
}

enum class SvgSizing { fixed, fluid };

// An <svg> showing the region [x, x + width] x [y, y + height] of the picture's
// coordinates: in pixels (fixed), or scaling down with its container (fluid).
std::string svg_element(const std::string& css_class, const std::string& body, double x, double y,
                        double width, double height, SvgSizing sizing) {
  return fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" class="{}" {} viewBox="{:.0f} {:.0f} {:.0f} {:.0f}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">)"
      "\n<title>ridgeline roofline</title>\n"
      R"(<rect x="{:.0f}" y="{:.0f}" width="{:.0f}" height="{:.0f}" fill="white"/>)"
      "\n{}</svg>\n",
      css_class,
      sizing == SvgSizing::fixed
          ? fmt::format(R"(width="{:.0f}" height="{:.0f}")", width, height)
          : fmt::format(R"(width="100%" style="max-width:{:.0f}px;height:auto")", width),
      x, y, width, height, x, y, width, height, body);
}

}  // namespace

std::string roofline_svg(std::span<const RooflineInput> inputs) {
  const RooflineLayout layout = roofline_layout(inputs);
  const Legend legend = roofline_legend(inputs, layout);
  const double width = std::ceil(legend.right + 16);
  const double height = std::ceil(std::max(kPlotArea.y1 + kBottomMargin, legend.bottom + 16));
  return svg_element("roofline", plot_svg(inputs, layout) + legend.svg, 0, 0, width, height,
                     SvgSizing::fixed);
}

RooflineSvgParts roofline_svg_parts(std::span<const RooflineInput> inputs) {
  const RooflineLayout layout = roofline_layout(inputs);
  const Legend legend = roofline_legend(inputs, layout);
  // The legend's own viewBox cuts its region out of the shared coordinates.
  const double legend_x = kLegendLeft - 8, legend_y = kPlotArea.y0 - 14;
  return {svg_element("roofline-plot", plot_svg(inputs, layout), 0, 0, kPlotArea.x1 + 20,
                      kPlotArea.y1 + kBottomMargin, SvgSizing::fluid),
          svg_element("roofline-legend", legend.svg, legend_x, legend_y,
                      std::ceil(legend.right + 12 - legend_x),
                      std::ceil(legend.bottom + 8 - legend_y), SvgSizing::fluid)};
}

}  // namespace ridgeline
