#include "report/fleet_svg.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "report/number_format.hpp"
#include "report/text_extent.hpp"
#include "report/xml_text.hpp"

namespace ridgeline {
namespace {

constexpr double kWidth = 960;
constexpr double kPlotWidth = 560;  // the ratio axis; labels of names to its left
constexpr double kTop = 56;
constexpr double kRowHeight = 30;
constexpr double kLabelLine = 13;  // a stacked label's step above its dot
constexpr double kFontSize = 12;
constexpr double kDotRadius = 4.5;
constexpr const char* kPassColour = "#4477aa";
constexpr const char* kSlowColour = "#cc3311";
constexpr const char* kToleranceColour = "#ee7733";
constexpr const char* kHalo =
    R"(stroke="white" stroke-width="3" stroke-linejoin="round" paint-order="stroke")";

struct Axis {
  double lo = 0.5;
  double hi = 1.1;
  double from = 0;  // pixels
  double to = 0;
  double operator()(double ratio) const { return from + (ratio - lo) / (hi - lo) * (to - from); }
};

// Steps of 0.1 (0.05 when the span is narrow) over the span of every ratio shown.
Axis axis_for(const FleetJudgement& j, double from, double to) {
  Axis a;
  a.from = from;
  a.to = to;
  double lo = 0.9;
  double hi = 1.1;
  for (const auto& s : j.benchmarks) {
    for (const auto& v : s.values) {
      lo = std::min(lo, v.ratio_to_median);
      hi = std::max(hi, v.ratio_to_median);
    }
    if (s.median > 0) lo = std::min(lo, (1 - j.options.tolerance) * s.best / s.median);
  }
  a.lo = std::floor((lo - 0.02) * 10) / 10;
  a.hi = std::ceil((hi + 0.02) * 10) / 10;
  return a;
}

struct Label {
  double x0, x1, y;  // the box's horizontal extent and its baseline
};

}  // namespace

std::string fleet_svg(const FleetJudgement& j) {
  double name_width = 0;
  for (const auto& s : j.benchmarks)
    name_width = std::max(name_width, estimate_text_width(s.benchmark, kFontSize));
  const double plot_left = std::min(kWidth - kPlotWidth - 40, name_width + 24);
  const Axis axis = axis_for(j, plot_left, plot_left + kPlotWidth);

  // Rows grow to hold their stacked labels.
  std::string rows;
  double y = kTop;
  for (const auto& s : j.benchmarks) {
    std::vector<const DeviceValue*> slow;
    for (const auto& v : s.values)
      if (v.slow()) slow.push_back(&v);
    std::sort(slow.begin(), slow.end(),
              [](const DeviceValue* a, const DeviceValue* b) { return a->rate < b->rate; });
    std::vector<Label> placed;
    int levels = 0;
    for (const DeviceValue* v : slow) {
      const std::string text = j.members[v->member].label();
      const double x0 = axis(v->ratio_to_median) - kDotRadius;
      const double x1 = x0 + estimate_text_width(text, kFontSize - 1);
      int level = 0;
      for (bool clash = true; clash; ++level) {
        clash = false;
        for (const Label& l : placed)
          if (l.y == level && x0 < l.x1 + 4 && l.x0 < x1 + 4) clash = true;
        if (!clash) break;
      }
      placed.push_back({x0, x1, static_cast<double>(level)});
      levels = std::max(levels, level + 1);
    }
    const double row_top = y;
    const double dot_y = row_top + kRowHeight / 2 + levels * kLabelLine;
    rows += fmt::format(R"(<g class="benchmark" data-benchmark="{}">)", xml_escape(s.benchmark));
    rows += fmt::format(
        R"(<text x="{:.1f}" y="{:.1f}" text-anchor="end" font-size="{}" fill="#222">{}</text>)",
        plot_left - 8, dot_y + 4, kFontSize, xml_escape(s.benchmark));
    rows +=
        fmt::format(R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#dddddd"/>)",
                    axis.from, dot_y, axis.to, dot_y);
    if (s.median > 0) {
      const double tol = axis((1 - j.options.tolerance) * s.best / s.median);
      rows += fmt::format(
          R"(<line class="tolerance" x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="2"><title>{} below the best device: {} {}</title></line>)",
          tol, dot_y - 8, tol, dot_y + 8, kToleranceColour,
          fmt::format("{:.0f}%", j.options.tolerance * 100),
          format_rate((1 - j.options.tolerance) * s.best), to_string(s.unit));
    }
    for (const auto& v : s.values) {
      const std::string& label = j.members[v.member].label();
      rows += fmt::format(
          R"(<circle cx="{:.1f}" cy="{:.1f}" r="{}" fill="{}" fill-opacity="0.8" stroke="white" stroke-width="1"><title>{}: {} {} ({:.3f}x median, {:.3f}x best)</title></circle>)",
          axis(v.ratio_to_median), dot_y, kDotRadius, v.slow() ? kSlowColour : kPassColour,
          xml_escape(label), format_rate(v.rate), to_string(s.unit), v.ratio_to_median,
          v.ratio_to_best);
    }
    for (std::size_t i = 0; i < slow.size(); ++i) {
      const Label& l = placed[i];
      rows += fmt::format(
          R"(<text class="outlier" x="{:.1f}" y="{:.1f}" font-size="{}" fill="{}" {}>{}</text>)",
          l.x0, dot_y - kDotRadius - 4 - l.y * kLabelLine, kFontSize - 1, kSlowColour, kHalo,
          xml_escape(j.members[slow[i]->member].label()));
    }
    rows += "</g>\n";
    y = dot_y + kRowHeight / 2;
  }
  const double plot_bottom = y + 4;
  const double height = plot_bottom + 64;

  std::string out = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{:.0f}" height="{:.0f}" viewBox="0 0 {:.0f} {:.0f}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">)"
      "\n",
      kWidth, height, kWidth, height);
  out += fmt::format(R"(<rect width="100%" height="100%" fill="white"/>)"
                     "\n");
  out += fmt::format(R"(<text x="{:.1f}" y="24" font-size="15" fill="#111">{}</text>)"
                     "\n",
                     plot_left,
                     xml_escape(fmt::format("Fleet: {} — {}", counted(j.members.size(), "device"),
                                            to_string(j.overall()))));
  // Grid and ticks every 0.1 of the median.
  for (int tick = static_cast<int>(std::lround(axis.lo * 10)); tick <= std::lround(axis.hi * 10);
       ++tick) {
    const double x = axis(tick / 10.0);
    out += fmt::format(
        R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}"/>)"
        R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle" font-size="11" fill="#333">{:.1f}</text>)",
        x, kTop - 6, x, plot_bottom, tick == 10 ? "#888888" : "#eeeeee", x, plot_bottom + 16,
        tick / 10.0);
  }
  out += "\n" + rows;
  out += fmt::format(
      R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle" font-size="12" fill="#333">rate / fleet median of the benchmark (1.0 = median)</text>)"
      "\n",
      (axis.from + axis.to) / 2, plot_bottom + 34);
  const double legend_y = plot_bottom + 54;
  out += fmt::format(
      R"(<g class="legend" font-size="11" fill="#333"><circle cx="{0:.1f}" cy="{1:.1f}" r="{2}" fill="{3}"/><text x="{4:.1f}" y="{5:.1f}">device</text>)"
      R"(<circle cx="{6:.1f}" cy="{1:.1f}" r="{2}" fill="{7}"/><text x="{8:.1f}" y="{5:.1f}">SLOW (labelled)</text>)"
      R"(<line x1="{9:.1f}" y1="{10:.1f}" x2="{9:.1f}" y2="{11:.1f}" stroke="{12}" stroke-width="2"/><text x="{13:.1f}" y="{5:.1f}">{14} below the best device</text></g>)"
      "\n",
      plot_left, legend_y, kDotRadius, kPassColour, plot_left + 10, legend_y + 4, plot_left + 80,
      kSlowColour, plot_left + 90, plot_left + 210, legend_y - 7, legend_y + 7, kToleranceColour,
      plot_left + 218, fmt::format("{:.0f}%", j.options.tolerance * 100));
  return out + "</svg>\n";
}

}  // namespace ridgeline
