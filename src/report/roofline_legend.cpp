#include "report/roofline_legend.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "report/number_format.hpp"
#include "report/plot_style.hpp"
#include "report/text_extent.hpp"
#include "report/xml_text.hpp"

namespace ridgeline {
namespace {

constexpr double kFont = 11.5;
constexpr double kRow = 17;
constexpr double kTextLeft = kLegendLeft + 48;  // after the line or marker sample
constexpr double kStatusGap = 12;               // between a name and "measured"

std::string rate_unit(const Roof& r) { return r.integer ? "OP/s" : "FLOP/s"; }

std::string roof_text(const Roof& r) {
  if (!r.has_peak())
    return fmt::format("bandwidth {} only: no peak known", format_si(r.bandwidth, "B/s"));
  const double ridge = r.ridge();
  return fmt::format("{} {} / {} = {} {}/B", r.dtype_text(), format_si(r.peak, rate_unit(r)),
                     format_si(r.bandwidth, "B/s"),
                     ridge >= 10 ? fmt::format("{:.0f}", ridge) : fmt::format("{:.2g}", ridge),
                     r.integer ? "op" : "flop");
}

class LegendWriter {
 public:
  explicit LegendWriter(std::span<const RooflineInput> inputs) : inputs_(inputs) {}

  // The input's marker only where its ridge points are drawn: a sample of what to look for.
  void input_header(std::size_t i, double status_x, bool has_ridges) {
    const RooflineInput& in = inputs_[i];
    const InputStyle style = input_style(i);
    svg_ += fmt::format(
        R"(<g class="legend-input-row" data-input="{}">{})"
        R"(<text class="legend-input" x="{:.1f}" y="{:.1f}" font-weight="bold" fill="{}">{}</text>)"
        R"(<text x="{:.1f}" y="{:.1f}" fill="#666" text-anchor="end">{}</text></g>)",
        xml_escape(in.label),
        has_ridges ? marker_svg(style.marker, kLegendLeft + 24, y_, kRidgeMarkerSize,
                                fmt::format(R"(fill="white" stroke="{}" stroke-width="{}")",
                                            style.colour, kRidgeMarkerStroke))
                   : std::string(),
        kTextLeft, y_ + 4, style.text_colour, xml_escape(in.label), status_x, y_ + 4,
        in.measured ? "measured" : "datasheet");
    widen(kTextLeft + estimate_text_width(in.label, kFont) * 1.1 + kStatusGap +
          estimate_text_width("datasheet", kFont));
    y_ += kRow;
  }

  void roof_row(const Roof& r, const std::vector<Roof>& roofs) {
    const RooflineInput& in = inputs_[r.input];
    const InputStyle style = input_style(r.input);
    const std::string_view dash = r.dtypes.empty() ? "2 5" : dash_of(r.dtypes.front());
    const std::string text = roof_text(r);
    svg_ += fmt::format(
        R"(<g class="legend-entry" data-input="{}" data-dtype="{}"><line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="{}"{}/>)"
        R"(<text x="{:.1f}" y="{:.1f}">{}</text></g>)",
        xml_escape(in.label), r.dtype_text(), kLegendLeft + 8, y_, kLegendLeft + 40, y_,
        style.colour, in.measured ? 2.6 : 1.8,
        dash.empty() ? std::string() : fmt::format(R"( stroke-dasharray="{}")", dash), kTextLeft,
        y_ + 4, xml_escape(text));
    widen(kTextLeft + estimate_text_width(text, kFont));
    y_ += kRow;
    if (r.shift > 0) {
      const Roof& other = roofs[r.hides_behind];
      const std::string note = fmt::format("drawn {:.0f} px lower: it coincides with {} {}",
                                           r.shift, inputs_[other.input].label, other.dtype_text());
      svg_ += fmt::format(
          R"(<text class="legend-shift" x="{:.1f}" y="{:.1f}" fill="#666" font-size="10.5">{}</text>)",
          kTextLeft, y_ + 3, xml_escape(note));
      widen(kTextLeft + estimate_text_width(note, 10.5));
      y_ += kRow - 2;
    }
  }

  void points_row(const PointSet& s, const Roof& r) {
    const RooflineInput& in = inputs_[r.input];
    const InputStyle style = input_style(r.input);
    std::string text;
    if (s.gemm) {
      text = fmt::format("{} vendor GEMM, {} shapes", s.dtype, s.points->size());
      svg_ += fmt::format(
          R"(<g class="legend-gemm" data-input="{}" data-dtype="{}"><rect x="{:.1f}" y="{:.1f}" width="{}" height="{}" fill="none" stroke="{}" stroke-width="1.4"/>)"
          R"(<text x="{:.1f}" y="{:.1f}">{}</text></g>)",
          xml_escape(in.label), s.dtype, kLegendLeft + 24 - kGemmMarkerSide / 2,
          y_ - kGemmMarkerSide / 2, kGemmMarkerSide, kGemmMarkerSide, style.colour, kTextLeft,
          y_ + 4, text);
    } else {
      text = fmt::format("{} intensity sweep, {} points", s.dtype, s.points->size());
      svg_ += fmt::format(
          R"(<g class="legend-points" data-input="{}" data-dtype="{}">{})"
          R"(<text x="{:.1f}" y="{:.1f}">{}</text></g>)",
          xml_escape(in.label), s.dtype,
          marker_svg(sweep_marker_of(s.dtype), kLegendLeft + 24, y_, kSweepMarkerSize,
                     fmt::format(R"(fill="{}" stroke="white" stroke-width="0.8")", style.colour)),
          kTextLeft, y_ + 4, text);
    }
    widen(kTextLeft + estimate_text_width(text, kFont));
    y_ += kRow;
  }

  void note(const std::string& text, const char* css_class) {
    svg_ += fmt::format(R"(<text class="{}" x="{:.1f}" y="{:.1f}" fill="#666">{}</text>)",
                        css_class, kLegendLeft, y_ + 4, xml_escape(text));
    widen(kLegendLeft + estimate_text_width(text, kFont));
    y_ += kRow;
  }

  void indent_note(const std::string& text) {
    svg_ += fmt::format(R"(<text class="legend-none" x="{:.1f}" y="{:.1f}" fill="#666">{}</text>)",
                        kTextLeft, y_ + 4, xml_escape(text));
    widen(kTextLeft + estimate_text_width(text, kFont));
    y_ += kRow;
  }

  void space(double by) { y_ += by; }
  double y() const { return y_; }
  double right() const { return right_; }
  std::string take() { return std::move(svg_); }

 private:
  void widen(double x) { right_ = std::max(right_, x); }

  std::span<const RooflineInput> inputs_;
  std::string svg_;
  double y_ = kPlotArea.y0 + 4;
  double right_ = kLegendLeft + 300;
};

void write_rows(LegendWriter& w, std::span<const RooflineInput> inputs,
                const RooflineLayout& layout, double status_x) {
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const bool has_ridges =
        std::any_of(layout.roofs.begin(), layout.roofs.end(),
                    [&](const Roof& r) { return r.input == i && r.has_peak(); });
    w.input_header(i, status_x, has_ridges);
    bool any = false;
    for (std::size_t r = 0; r < layout.roofs.size(); ++r) {
      const Roof& roof = layout.roofs[r];
      if (roof.input != i) continue;
      any = true;
      w.roof_row(roof, layout.roofs);
      for (const auto& s : layout.point_sets)
        if (s.roof == r) w.points_row(s, roof);
    }
    if (!any) w.indent_note("nothing to draw: no bandwidth known");
    w.space(6);
  }
  w.space(6);
  w.note("roof = min(peak, intensity x bandwidth)", "legend-note");
  w.note("hollow marker = ridge point, peak / bandwidth", "legend-note");
}

// Where the header rows put "measured" / "datasheet": right-aligned at the legend's end,
// which the widest row sets; found by a dry run of the same rows.
double widest_row(std::span<const RooflineInput> inputs, const RooflineLayout& layout) {
  LegendWriter dry(inputs);
  write_rows(dry, inputs, layout, 0);
  return dry.right();
}

}  // namespace

Legend roofline_legend(std::span<const RooflineInput> inputs, const RooflineLayout& layout) {
  const double right = widest_row(inputs, layout);
  LegendWriter w(inputs);
  write_rows(w, inputs, layout, right);
  Legend legend;
  legend.svg = fmt::format(R"(<g class="legend" font-size="{}">)", kFont) + w.take() + "</g>\n";
  legend.right = right;
  legend.bottom = w.y();
  return legend;
}

}  // namespace ridgeline
