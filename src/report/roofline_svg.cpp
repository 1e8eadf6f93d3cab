#include "report/roofline_svg.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>

#include "report/number_format.hpp"
#include "report/xml_text.hpp"

namespace ridgeline {
namespace {

// Layout, in SVG user units (pixels at 100%).
constexpr double kPlotLeft = 112;
constexpr double kPlotTop = 64;
constexpr double kPlotWidth = 740;
constexpr double kPlotHeight = 600;
constexpr double kLegendLeft = kPlotLeft + kPlotWidth + 28;
constexpr double kLegendWidth = 340;
constexpr double kCanvasWidth = kLegendLeft + kLegendWidth;
constexpr double kBottomMargin = 64;
constexpr double kLegendRow = 17;
constexpr double kLabelFont = 11;
constexpr double kCharWidth = 0.62;  // average glyph width per font size (sans-serif)

// Eight colours that stay apart on white and for common colour blindness (Tableau 10,
// its yellow and grey dropped); inputs beyond eight repeat them.
constexpr std::array<const char*, 8> kColours{"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e",
                                              "#9467bd", "#8c564b", "#e377c2", "#17becf"};

// Line style per dtype, fixed so a picture reads like the next one: bf16/fp16 solid,
// fp32 dashed, fp64 dotted.
const char* dash_of(std::string_view dtype) {
  if (dtype == "fp32" || dtype == "tf32") return dtype == "fp32" ? "9 5" : "12 4 3 4";
  if (dtype == "fp64") return "2.5 3.5";
  if (dtype == "fp8" || dtype == "int8") return "14 4";
  if (dtype == "fp4") return "14 4 3 4 3 4";
  return "";  // bf16, fp16
}

enum class Marker { circle, square, triangle, diamond };

Marker marker_of(std::string_view dtype) {
  if (dtype == "fp32") return Marker::circle;
  if (dtype == "fp64") return Marker::square;
  if (dtype == "bf16" || dtype == "fp16") return Marker::triangle;
  return Marker::diamond;
}

std::string marker_svg(Marker m, double x, double y, double r, std::string_view fill) {
  switch (m) {
    case Marker::circle:
      return fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="{:.1f}" fill="{}"/>)", x, y, r,
                         fill);
    case Marker::square:
      return fmt::format(
          R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}"/>)", x - r, y - r,
          2 * r, 2 * r, fill);
    case Marker::triangle:
      return fmt::format(
          R"(<polygon points="{:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f}" fill="{}"/>)", x,
          y - 1.2 * r, x + 1.1 * r, y + 0.8 * r, x - 1.1 * r, y + 0.8 * r, fill);
    case Marker::diamond:
      return fmt::format(
          R"(<polygon points="{:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f}" fill="{}"/>)",
          x, y - 1.3 * r, x + 1.1 * r, y, x, y + 1.3 * r, x - 1.1 * r, y, fill);
  }
  return {};
}

// "37", "4.6", "0.52": enough digits to read a ridge, no more.
std::string format_ridge(double flop_per_byte) {
  if (flop_per_byte >= 10) return fmt::format("{:.0f}", flop_per_byte);
  if (flop_per_byte >= 1) return fmt::format("{:.1f}", flop_per_byte);
  return fmt::format("{:.2g}", flop_per_byte);
}

std::string decade_label_x(int decade) {
  if (decade >= 5 || decade <= -4) return fmt::format("1e{}", decade);
  return fmt::format("{:g}", std::pow(10.0, decade));
}

// "100 TFLOP/s", "1 PFLOP/s": a decade needs no decimals.
std::string decade_label_y(int decade) {
  static constexpr std::array<const char*, 7> kPrefixes{"", "k", "M", "G", "T", "P", "E"};
  const int group = std::clamp(decade >= 0 ? decade / 3 : -1, 0, 6);
  const int rest = decade - 3 * group;
  if (decade < 0 || rest > 2) return fmt::format("1e{} FLOP/s", decade);
  return fmt::format("{} {}FLOP/s",
                     rest == 0   ? "1"
                     : rest == 1 ? "10"
                                 : "100",
                     kPrefixes[static_cast<std::size_t>(group)]);
}

double text_width(std::string_view text, double font) {
  return static_cast<double>(text.size()) * font * kCharWidth;
}

// One roof to draw: rates in FLOP/s and bytes/s.
struct Roof {
  const RooflineInput* input;
  std::size_t input_index;
  std::string dtype;  // empty for a bandwidth slope without a known peak
  double peak = 0;    // 0 when unknown
  double bandwidth = 0;
  const std::vector<SweepPoint>* points = nullptr;  // null for datasheets
  const std::vector<SweepPoint>* gemms = nullptr;   // vendor GEMM shapes, runs only
  bool has_peak() const { return peak > 0; }
  double ridge() const { return peak / bandwidth; }
  std::string colour() const { return kColours[input_index % kColours.size()]; }
};

std::vector<Roof> roofs_of(std::span<const RooflineInput> inputs) {
  std::vector<Roof> roofs;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const RooflineInput& in = inputs[i];
    for (const auto& dtype : in.dtypes) {
      const auto ridge = std::find_if(in.ceilings.ridges.begin(), in.ceilings.ridges.end(),
                                      [&](const RidgePoint& r) { return r.dtype == dtype; });
      if (ridge == in.ceilings.ridges.end() || !(ridge->bandwidth.value > 0)) continue;
      Roof roof{&in, i, dtype, ridge->compute.value * 1e9, ridge->bandwidth.value * 1e9};
      if (const auto sweep = in.sweeps.find(dtype); sweep != in.sweeps.end())
        roof.points = &sweep->second;
      if (const auto gemm = in.gemms.find(dtype); gemm != in.gemms.end())
        roof.gemms = &gemm->second;
      roofs.push_back(roof);
    }
    const bool drawn = !roofs.empty() && roofs.back().input == &in;
    if (!drawn && in.ceilings.best_bandwidth && in.ceilings.best_bandwidth->value > 0)
      roofs.push_back(Roof{&in, i, "", 0, in.ceilings.best_bandwidth->value * 1e9});
  }
  return roofs;
}

// A base-10 log axis over whole decades [lo, hi], mapped onto pixels [from, to].
struct LogAxis {
  int lo = 0;
  int hi = 1;
  double from = 0;
  double to = 1;
  double operator()(double v) const {
    return from + (std::log10(v) - lo) / (hi - lo) * (to - from);
  }
  double min() const { return std::pow(10.0, lo); }
  double max() const { return std::pow(10.0, hi); }
};

// Decades that hold every ridge and sweep point with some air around them.
LogAxis intensity_axis(const std::vector<Roof>& roofs) {
  double lo = std::numeric_limits<double>::infinity(), hi = 0;
  auto include = [&](double x) {
    lo = std::min(lo, x);
    hi = std::max(hi, x);
  };
  for (const auto& r : roofs) {
    if (r.has_peak()) include(r.ridge());
    if (r.points)
      for (const auto& p : *r.points) include(p.flop_per_byte);
    if (r.gemms)
      for (const auto& p : *r.gemms) include(p.flop_per_byte);
  }
  if (hi == 0) return {-1, 3, kPlotLeft, kPlotLeft + kPlotWidth};
  int first = static_cast<int>(std::floor(std::log10(lo) - 0.05));
  int last = static_cast<int>(std::ceil(std::log10(hi) + 0.3));
  if (last - first < 3) last = first + 3;  // room to see the slope and the plateau
  return {first, last, kPlotLeft, kPlotLeft + kPlotWidth};
}

// From the lowest roof at the left edge (or the slowest point) to above the highest peak.
LogAxis rate_axis(const std::vector<Roof>& roofs, const LogAxis& x) {
  double lo = std::numeric_limits<double>::infinity(), hi = 0;
  for (const auto& r : roofs) {
    // A slope without a peak runs off the top: it sets the floor only.
    lo = std::min(lo,
                  r.has_peak() ? std::min(r.peak, r.bandwidth * x.min()) : r.bandwidth * x.min());
    hi = std::max(hi, r.peak);
    if (r.points)
      for (const auto& p : *r.points) lo = std::min(lo, p.gflops * 1e9);
    if (r.gemms)
      for (const auto& p : *r.gemms) lo = std::min(lo, p.gflops * 1e9);
  }
  if (roofs.empty()) return {9, 12, kPlotTop + kPlotHeight, kPlotTop};
  if (hi == 0) hi = lo * 1e4;
  const int first = static_cast<int>(std::floor(std::log10(lo)));
  const int last = static_cast<int>(std::ceil(std::log10(hi) + 0.2));  // air for labels
  return {first, std::max(last, first + 2), kPlotTop + kPlotHeight, kPlotTop};
}

struct Box {
  double x0, y0, x1, y1;
  bool overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
  bool inside(const Box& o) const { return x0 >= o.x0 && x1 <= o.x1 && y0 >= o.y0 && y1 <= o.y1; }
  // Distance from a point to the nearest point of the box (0 inside).
  double distance(double x, double y) const {
    const double dx = std::max({x0 - x, 0.0, x - x1}), dy = std::max({y0 - y, 0.0, y - y1});
    return std::hypot(dx, dy);
  }
};

// Greedy label placement: of the spots around the anchor that overlap no earlier label,
// marker, point or plateau and stay inside the plot, the nearest wins. Labels placed
// first get the best spots.
class LabelPlacer {
 public:
  explicit LabelPlacer(Box area) : area_(area) {}
  void reserve(Box b) { taken_.push_back(b); }

  Box place(double ax, double ay, double w, double h) {
    constexpr double kGap = 5, kStepX = 18;
    std::optional<Box> best;
    double best_distance = std::numeric_limits<double>::infinity();
    for (int row = -14; row <= 14; ++row) {
      // Rows above the anchor end kGap above it, rows below start kGap below it.
      const double y0 = row < 0 ? ay - kGap - h + (row + 1) * (h + 2) : ay + kGap + row * (h + 2);
      for (int col = -12; col <= 12; ++col) {
        // Columns left of the anchor end kGap left of it, others start kGap right of it.
        const double x0 = col < 0 ? ax - kGap - w + (col + 1) * kStepX : ax + kGap + col * kStepX;
        const Box b{x0, y0, x0 + w, y0 + h};
        const double d = b.distance(ax, ay);
        if (d >= best_distance || !b.inside(area_)) continue;
        if (std::any_of(taken_.begin(), taken_.end(), [&](const Box& t) { return t.overlaps(b); }))
          continue;
        best = b;
        best_distance = d;
      }
    }
    // Crowded beyond help: overlap rather than vanish.
    const Box chosen = best.value_or(Box{ax + kGap, ay - kGap - h, ax + kGap + w, ay - kGap});
    taken_.push_back(chosen);
    return chosen;
  }

 private:
  Box area_;
  std::vector<Box> taken_;
};

std::string axes_svg(const LogAxis& x, const LogAxis& y) {
  std::string out = R"(<g class="grid" stroke-width="1">)";
  for (int d = x.lo; d <= x.hi; ++d) {
    for (int m = 1; m <= 9 && (d < x.hi || m == 1); ++m) {
      const double px = x(m * std::pow(10.0, d));
      out += fmt::format(R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}"/>)",
                         px, y.to, px, y.from, m == 1 ? "#c8c8c8" : "#eeeeee");
    }
  }
  for (int d = y.lo; d <= y.hi; ++d) {
    for (int m = 1; m <= 9 && (d < y.hi || m == 1); ++m) {
      const double py = y(m * std::pow(10.0, d));
      out += fmt::format(R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}"/>)",
                         x.from, py, x.to, py, m == 1 ? "#c8c8c8" : "#eeeeee");
    }
  }
  out += "</g>\n";
  out += fmt::format(
      R"(<rect class="frame" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="none" stroke="#555"/>)",
      kPlotLeft, kPlotTop, kPlotWidth, kPlotHeight);
  out += "\n<g class=\"ticks\" font-size=\"12\" fill=\"#333\">";
  for (int d = x.lo; d <= x.hi; ++d)
    out += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>)",
                       x(std::pow(10.0, d)), y.from + 18, decade_label_x(d));
  for (int d = y.lo; d <= y.hi; ++d)
    out += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="end">{}</text>)", x.from - 8,
                       y(std::pow(10.0, d)) + 4, decade_label_y(d));
  out += "</g>\n";
  out += fmt::format(
      R"(<text class="axis-title" x="{:.1f}" y="{:.1f}" text-anchor="middle" font-size="13">arithmetic intensity (flop/byte)</text>)",
      kPlotLeft + kPlotWidth / 2, y.from + 42);
  out += fmt::format(
      R"svg(<text class="axis-title" transform="translate({:.1f},{:.1f}) rotate(-90)" text-anchor="middle" font-size="13">attainable FLOP/s</text>)svg",
      22.0, kPlotTop + kPlotHeight / 2);
  return out + "\n";
}

std::string roof_svg(const Roof& r, const LogAxis& x, const LogAxis& y) {
  const std::string stroke =
      fmt::format(R"(fill="none" stroke="{}" stroke-width="{}"{} stroke-linejoin="round")",
                  r.colour(), r.input->measured ? 2.6 : 1.8,
                  r.dtype.empty() || !*dash_of(r.dtype)
                      ? std::string()
                      : fmt::format(R"( stroke-dasharray="{}")", dash_of(r.dtype)));
  // The slope enters at the left edge, or at the bottom when it starts below the axis.
  const double start = std::max(x.min(), y.min() / r.bandwidth);
  if (!r.has_peak()) {
    const double end = std::min(x.max(), y.max() / r.bandwidth);
    return fmt::format(
        R"(<g class="bandwidth-roof" data-input="{}"><title>{}: {} bandwidth, no peak known</title>)"
        R"(<path d="M{:.1f},{:.1f} L{:.1f},{:.1f}" {} stroke-dasharray="2 5"/></g>)"
        "\n",
        xml_escape(r.input->label), xml_escape(r.input->label), format_si(r.bandwidth, "B/s"),
        x(start), y(start * r.bandwidth), x(end), y(end * r.bandwidth), stroke);
  }
  const double ridge = std::clamp(r.ridge(), start, x.max());
  return fmt::format(
      R"(<g class="roof" data-input="{}" data-dtype="{}"><title>{} {}: {} peak, {} bandwidth</title>)"
      R"(<path d="M{:.1f},{:.1f} L{:.1f},{:.1f} L{:.1f},{:.1f}" {}/></g>)"
      "\n",
      xml_escape(r.input->label), r.dtype, xml_escape(r.input->label), r.dtype,
      format_si(r.peak, "FLOP/s"), format_si(r.bandwidth, "B/s"), x(start),
      y(std::min(r.peak, start * r.bandwidth)), x(ridge), y(std::min(r.peak, ridge * r.bandwidth)),
      x(x.max()), y(r.peak), stroke);
}

std::string points_svg(const Roof& r, const LogAxis& x, const LogAxis& y) {
  if (!r.points || r.points->empty()) return {};
  std::string out = fmt::format(
      R"(<g class="sweep" data-input="{}" data-dtype="{}" stroke="white" stroke-width="0.8">)",
      xml_escape(r.input->label), r.dtype);
  for (const auto& p : *r.points) {
    out += fmt::format(
        R"(<g class="point"><title>{}: {} flop/B, {}</title>{}</g>)", xml_escape(p.benchmark),
        format_rate(p.flop_per_byte), format_si(p.gflops * 1e9, "FLOP/s"),
        marker_svg(marker_of(r.dtype), x(p.flop_per_byte), y(p.gflops * 1e9), 3.6, r.colour()));
  }
  return out + "</g>\n";
}

// Vendor GEMM shapes: hollow squares in the roof's colour, so they read as "what a real
// library reaches" beside the filled sweep markers.
std::string gemm_svg(const Roof& r, const LogAxis& x, const LogAxis& y) {
  if (!r.gemms || r.gemms->empty()) return {};
  std::string out = fmt::format(
      R"(<g class="gemm" data-input="{}" data-dtype="{}" fill="none" stroke="{}" stroke-width="1.4">)",
      xml_escape(r.input->label), r.dtype, r.colour());
  for (const auto& p : *r.gemms)
    out += fmt::format(
        R"(<g class="point"><title>{}: {} flop/B, {}</title><rect x="{:.1f}" y="{:.1f}" width="7" height="7"/></g>)",
        xml_escape(p.benchmark), format_rate(p.flop_per_byte), format_si(p.gflops * 1e9, "FLOP/s"),
        x(p.flop_per_byte) - 3.5, y(p.gflops * 1e9) - 3.5);
  return out + "</g>\n";
}

std::string ridge_label_text(const Roof& r) {
  return fmt::format("{} {} {} flop/B", r.input->tag, r.dtype, format_ridge(r.ridge()));
}

std::string ridges_svg(const std::vector<Roof>& roofs, const LogAxis& x, const LogAxis& y) {
  LabelPlacer placer(
      {kPlotLeft + 2, kPlotTop + 2, kPlotLeft + kPlotWidth - 2, kPlotTop + kPlotHeight - 2});
  constexpr double kMarkerRadius = 4.5;
  for (const auto& r : roofs) {
    if (!r.has_peak()) continue;
    const double px = x(r.ridge()), py = y(r.peak);
    placer.reserve(
        {px - kMarkerRadius, py - kMarkerRadius, px + kMarkerRadius, py + kMarkerRadius});
    // The start of the plateau: a label must not hide which way the roof turns.
    placer.reserve({px, py - 1, px + 70, py + 1});
    if (r.points)
      for (const auto& p : *r.points) {
        const double qx = x(p.flop_per_byte), qy = y(p.gflops * 1e9);
        placer.reserve({qx - 4, qy - 4, qx + 4, qy + 4});
      }
    if (r.gemms)
      for (const auto& p : *r.gemms) {
        const double qx = x(p.flop_per_byte), qy = y(p.gflops * 1e9);
        placer.reserve({qx - 4, qy - 4, qx + 4, qy + 4});
      }
  }
  // Highest roofs first: their labels take the open space at the top.
  std::vector<const Roof*> order;
  for (const auto& r : roofs)
    if (r.has_peak()) order.push_back(&r);
  std::stable_sort(order.begin(), order.end(),
                   [](const Roof* a, const Roof* b) { return a->peak > b->peak; });
  std::string out;
  for (const Roof* r : order) {
    const double px = x(r->ridge()), py = y(r->peak);
    const std::string text = ridge_label_text(*r);
    const Box spot = placer.place(px, py, text_width(text, kLabelFont), kLabelFont + 2);
    std::string leader;
    if (spot.distance(px, py) > 12) {  // far from its marker: a thin line leads back
      const double lx = std::clamp(px, spot.x0, spot.x1), ly = std::clamp(py, spot.y0, spot.y1);
      leader = fmt::format(
          R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="0.8"/>)",
          px, py, lx, ly, r->colour());
    }
    out += fmt::format(
        R"(<g class="ridge" data-input="{}" data-dtype="{}" data-flop-per-byte="{:.6g}">{})"
        R"(<circle cx="{:.1f}" cy="{:.1f}" r="{}" fill="white" stroke="{}" stroke-width="2"/>)"
        R"(<text class="ridge-label" x="{:.1f}" y="{:.1f}" font-size="{}" fill="{}" stroke="white" stroke-width="3" paint-order="stroke">{}</text></g>)"
        "\n",
        xml_escape(r->input->label), r->dtype, r->ridge(), leader, px, py, kMarkerRadius,
        r->colour(), spot.x0, spot.y1 - 3, kLabelFont, r->colour(), xml_escape(text));
  }
  return out;
}

// One header row per input, one row per roof (line style, dtype, ceilings, ridge) and,
// for runs, one row per measured sweep (marker).
struct Legend {
  std::string svg;
  double bottom = 0;
};

std::string legend_roof(const Roof& r, double y) {
  const char* dash = r.dtype.empty() ? "2 5" : dash_of(r.dtype);
  const std::string line = fmt::format(
      R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="{}"{}/>)",
      kLegendLeft + 8, y, kLegendLeft + 40, y, r.colour(), r.input->measured ? 2.6 : 1.8,
      *dash ? fmt::format(R"( stroke-dasharray="{}")", dash) : std::string());
  const std::string text =
      r.has_peak() ? fmt::format("{} {} / {} = {} flop/B", r.dtype, format_si(r.peak, "FLOP/s"),
                                 format_si(r.bandwidth, "B/s"), format_ridge(r.ridge()))
                   : fmt::format("bandwidth {} only: no peak known", format_si(r.bandwidth, "B/s"));
  return fmt::format(
      R"(<g class="legend-entry" data-input="{}" data-dtype="{}">{}<text x="{:.1f}" y="{:.1f}">{}</text></g>)",
      xml_escape(r.input->label), r.dtype, line, kLegendLeft + 48, y + 4, text);
}

Legend legend_svg(std::span<const RooflineInput> inputs, const std::vector<Roof>& roofs) {
  std::string out = R"(<g class="legend" font-size="11.5">)";
  double y = kPlotTop + 4;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const RooflineInput& in = inputs[i];
    out += fmt::format(
        R"(<text class="legend-input" x="{:.1f}" y="{:.1f}" font-weight="bold" fill="{}">{}</text>)"
        R"(<text x="{:.1f}" y="{:.1f}" fill="#666" text-anchor="end">{}</text>)",
        kLegendLeft, y + 4, kColours[i % kColours.size()], xml_escape(in.label), kCanvasWidth - 8,
        y + 4, in.measured ? "measured" : "datasheet");
    y += kLegendRow;
    bool any = false;
    for (const auto& r : roofs) {
      if (r.input != &in) continue;
      any = true;
      out += legend_roof(r, y);
      y += kLegendRow;
      if (r.points && !r.points->empty()) {
        out += fmt::format(
            R"(<g class="legend-points" data-input="{}" data-dtype="{}" stroke="white" stroke-width="0.8">{})"
            R"(<text x="{:.1f}" y="{:.1f}" stroke="none">{} intensity sweep, {}</text></g>)",
            xml_escape(in.label), r.dtype,
            marker_svg(marker_of(r.dtype), kLegendLeft + 24, y, 3.6, r.colour()), kLegendLeft + 48,
            y + 4, r.dtype, counted(r.points->size(), "point"));
        y += kLegendRow;
      }
      if (r.gemms && !r.gemms->empty()) {
        out += fmt::format(
            R"(<g class="legend-gemm" data-input="{}" data-dtype="{}"><rect x="{:.1f}" y="{:.1f}" width="7" height="7" fill="none" stroke="{}" stroke-width="1.4"/>)"
            R"(<text x="{:.1f}" y="{:.1f}">{} vendor GEMM, {}</text></g>)",
            xml_escape(in.label), r.dtype, kLegendLeft + 20.5, y - 3.5, r.colour(),
            kLegendLeft + 48, y + 4, r.dtype, counted(r.gemms->size(), "shape"));
        y += kLegendRow;
      }
    }
    if (!any) {
      out += fmt::format(
          R"(<text class="legend-none" x="{:.1f}" y="{:.1f}" fill="#666">nothing to draw: no bandwidth known</text>)",
          kLegendLeft + 8, y + 4);
      y += kLegendRow;
    }
    y += 6;
  }
  y += 6;
  out += fmt::format(
      R"(<text x="{:.1f}" y="{:.1f}" fill="#666">roof = min(peak, intensity x bandwidth)</text>)"
      R"(<text x="{:.1f}" y="{:.1f}" fill="#666">circle = ridge point, peak / bandwidth</text>)",
      kLegendLeft, y + 4, kLegendLeft, y + 4 + kLegendRow);
  return {out + "</g>\n", y + 2 * kLegendRow};
}

std::string subtitle(std::span<const RooflineInput> inputs) {
  std::size_t runs = 0;
  for (const auto& in : inputs) runs += in.measured ? 1 : 0;
  const std::size_t sheets = inputs.size() - runs;
  return fmt::format("{} measured run{} (thick lines, sweep points), {} datasheet{} (thin lines)",
                     runs, runs == 1 ? "" : "s", sheets, sheets == 1 ? "" : "s");
}

}  // namespace

std::string roofline_svg(std::span<const RooflineInput> inputs) {
  const std::vector<Roof> roofs = roofs_of(inputs);
  const LogAxis x = intensity_axis(roofs);
  const LogAxis y = rate_axis(roofs, x);
  const Legend legend = legend_svg(inputs, roofs);
  const double height = std::max(kPlotTop + kPlotHeight + kBottomMargin, legend.bottom + 16);

  std::string out = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0:.0f}" height="{1:.0f}" viewBox="0 0 {0:.0f} {1:.0f}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">)"
      "\n",
      kCanvasWidth, height);
  out += "<title>ridgeline roofline</title>\n";
  out += fmt::format(R"(<rect width="{:.0f}" height="{:.0f}" fill="white"/>)"
                     "\n",
                     kCanvasWidth, height);
  out += fmt::format(
      R"(<text class="title" x="{:.1f}" y="26" font-size="18" font-weight="bold">Roofline</text>)"
      R"(<text class="subtitle" x="{:.1f}" y="46" font-size="12" fill="#555">{}</text>)"
      "\n",
      kPlotLeft, kPlotLeft, subtitle(inputs));
  out += fmt::format(
      R"(<defs><clipPath id="plot-area"><rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}"/></clipPath></defs>)"
      "\n",
      kPlotLeft, kPlotTop, kPlotWidth, kPlotHeight);
  out += axes_svg(x, y);
  out += R"svg(<g class="roofs" clip-path="url(#plot-area)">)svg"
         "\n";
  // Datasheets first, so measured lines and points are drawn on top of them.
  for (bool measured : {false, true})
    for (const auto& r : roofs)
      if (r.input->measured == measured) out += roof_svg(r, x, y);
  for (const auto& r : roofs) out += points_svg(r, x, y);
  for (const auto& r : roofs) out += gemm_svg(r, x, y);
  out += "</g>\n";
  out += ridges_svg(roofs, x, y);
  out += legend.svg;
  out += "</svg>\n";
  return out;
}

}  // namespace ridgeline
