#include "report/roofline_layout.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "report/text_extent.hpp"

namespace ridgeline {
namespace {

// "37", "4.6", "0.52": enough digits to read a ridge, no more.
std::string format_ridge(double per_byte) {
  if (per_byte >= 10) return fmt::format("{:.0f}", per_byte);
  if (per_byte >= 1) return fmt::format("{:.1f}", per_byte);
  return fmt::format("{:.2g}", per_byte);
}

bool same_value(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(a, b); }

std::vector<Roof> roofs_of(std::span<const RooflineInput> inputs) {
  std::vector<Roof> roofs;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const RooflineInput& in = inputs[i];
    const std::size_t first = roofs.size();
    for (const auto& dtype : in.dtypes) {
      const RidgePoint* ridge = find_ridge(in.ceilings, dtype);
      if (!ridge || !(ridge->bandwidth.value > 0)) continue;
      Roof roof;
      roof.input = i;
      roof.dtypes = {dtype};
      roof.integer = ridge->compute.unit == RateUnit::gigaops;
      roof.peak = ridge->compute.value * 1e9;
      roof.bandwidth = ridge->bandwidth.value * 1e9;
      // Equal peaks (fp32 = fp64 on some chips) would draw one line over the other and
      // hide it: one line, named for both.
      const auto equal = std::find_if(
          roofs.begin() + static_cast<std::ptrdiff_t>(first), roofs.end(), [&](const Roof& r) {
            return r.integer == roof.integer && same_value(r.peak, roof.peak) &&
                   same_value(r.bandwidth, roof.bandwidth);
          });
      if (equal != roofs.end())
        equal->dtypes.push_back(dtype);
      else
        roofs.push_back(std::move(roof));
    }
    if (roofs.size() == first && in.ceilings.best_bandwidth &&
        in.ceilings.best_bandwidth->value > 0) {
      Roof slope;
      slope.input = i;
      slope.bandwidth = in.ceilings.best_bandwidth->value * 1e9;
      roofs.push_back(std::move(slope));
    }
  }
  return roofs;
}

std::vector<PointSet> point_sets_of(std::span<const RooflineInput> inputs,
                                    const std::vector<Roof>& roofs) {
  std::vector<PointSet> sets;
  for (std::size_t r = 0; r < roofs.size(); ++r) {
    const RooflineInput& in = inputs[roofs[r].input];
    for (const auto& dtype : roofs[r].dtypes) {
      if (const auto it = in.sweeps.find(dtype); it != in.sweeps.end() && !it->second.empty())
        sets.push_back(PointSet{r, dtype, &it->second, false});
      if (const auto it = in.gemms.find(dtype); it != in.gemms.end() && !it->second.empty())
        sets.push_back(PointSet{r, dtype, &it->second, true});
    }
  }
  return sets;
}

// Decades that hold every ridge and point with some air around them.
LogAxis intensity_axis(const std::vector<Roof>& roofs, const std::vector<PointSet>& sets) {
  double lo = std::numeric_limits<double>::infinity(), hi = 0;
  auto include = [&](double x) {
    lo = std::min(lo, x);
    hi = std::max(hi, x);
  };
  for (const auto& r : roofs)
    if (r.has_peak()) include(r.ridge());
  for (const auto& s : sets)
    for (const auto& p : *s.points) include(p.flop_per_byte);
  if (hi == 0) return {-1, 3, kPlotArea.x0, kPlotArea.x1};
  const int first = static_cast<int>(std::floor(std::log10(lo) - 0.05));
  int last = static_cast<int>(std::ceil(std::log10(hi) + 0.3));
  if (last - first < 3) last = first + 3;  // room to see the slope and the plateau
  return {first, last, kPlotArea.x0, kPlotArea.x1};
}

// From the lowest roof at the left edge (or the slowest point) to above the highest peak.
LogAxis rate_axis(const std::vector<Roof>& roofs, const std::vector<PointSet>& sets,
                  const LogAxis& x) {
  if (roofs.empty()) return {9, 12, kPlotArea.y1, kPlotArea.y0};
  double lo = std::numeric_limits<double>::infinity(), hi = 0;
  for (const auto& r : roofs) {
    // A slope without a peak runs off the top: it sets the floor only.
    lo = std::min(lo,
                  r.has_peak() ? std::min(r.peak, r.bandwidth * x.min()) : r.bandwidth * x.min());
    hi = std::max(hi, r.peak);
  }
  for (const auto& s : sets)
    for (const auto& p : *s.points) lo = std::min(lo, p.gflops * 1e9);
  if (hi == 0) hi = lo * 1e4;
  const int first = static_cast<int>(std::floor(std::log10(lo)));
  const int last = static_cast<int>(std::ceil(std::log10(hi) + 0.2));  // air for labels
  return {first, std::max(last, first + 2), kPlotArea.y1, kPlotArea.y0};
}

// Roofs of different inputs (or units) at the same place would draw as one line and hide
// all but the last: each later one is shifted a few px down, and says so in the legend.
void shift_coinciding(std::vector<Roof>& roofs, const LogAxis& x, const LogAxis& y) {
  constexpr double kSamePlace = 2;  // px
  for (std::size_t j = 0; j < roofs.size(); ++j)
    for (std::size_t i = 0; i < j; ++i) {
      const Roof &a = roofs[i], &b = roofs[j];
      if (a.has_peak() != b.has_peak()) continue;
      // Slopes are parallel on log-log axes: comparing them at one intensity suffices.
      const bool same_slope =
          std::abs(y(a.bandwidth * x.min()) - y(b.bandwidth * x.min())) < kSamePlace;
      const bool same_plateau = !a.has_peak() || std::abs(y(a.peak) - y(b.peak)) < kSamePlace;
      if (!same_slope || !same_plateau || a.shift + kCoincidentShift <= b.shift) continue;
      roofs[j].shift = a.shift + kCoincidentShift;
      roofs[j].hides_behind = i;
    }
}

std::string label_text(const RooflineInput& in, const Roof& r) {
  return fmt::format("{} {} {} {}/B", in.tag, r.dtype_text(), format_ridge(r.ridge()),
                     r.integer ? "op" : "flop");
}

// A marker's disc: its largest extent (a diamond's tip) plus half its stroke.
constexpr double kRidgeDisc = 1.3 * kRidgeMarkerSize + kRidgeMarkerStroke / 2;
constexpr double kSweepDisc = 1.3 * kSweepMarkerSize + 0.4;
constexpr double kGemmDisc = 0.7072 * kGemmMarkerSide + 0.7;

}  // namespace

double LogAxis::operator()(double v) const {
  return from + (std::log10(v) - lo) / (hi - lo) * (to - from);
}
double LogAxis::min() const { return std::pow(10.0, lo); }
double LogAxis::max() const { return std::pow(10.0, hi); }

// The slope enters at the left edge, or at the bottom when it starts below the axis.
std::vector<Segment> roof_segments(const Roof& r, const LogAxis& x, const LogAxis& y) {
  const double start = std::max(x.min(), y.min() / r.bandwidth);
  if (!r.has_peak()) {
    const double end = std::min(x.max(), y.max() / r.bandwidth);
    return {{x(start), y(start * r.bandwidth) + r.shift, x(end), y(end * r.bandwidth) + r.shift}};
  }
  const double ridge = std::clamp(r.ridge(), start, x.max());
  const double rx = x(ridge), ry = y(std::min(r.peak, ridge * r.bandwidth)) + r.shift;
  return {{x(start), y(std::min(r.peak, start * r.bandwidth)) + r.shift, rx, ry},
          {rx, ry, x(x.max()), y(r.peak) + r.shift}};
}

std::string Roof::dtype_text() const {
  std::string text;
  for (const auto& d : dtypes) text += (text.empty() ? "" : " = ") + d;
  return text;
}

std::string intensity_tick(int decade) {
  if (decade >= 5 || decade <= -4) return fmt::format("1e{}", decade);
  return fmt::format("{:g}", std::pow(10.0, decade));
}

// "100 TFLOP/s", "1 PFLOP/s": a decade needs no decimals.
std::string rate_tick(int decade, std::string_view unit) {
  static constexpr std::array<const char*, 7> kPrefixes{"", "k", "M", "G", "T", "P", "E"};
  const int group = std::clamp(decade >= 0 ? decade / 3 : -1, 0, 6);
  const int rest = decade - 3 * group;
  if (decade < 0 || rest > 2) return fmt::format("1e{} {}", decade, unit);
  return fmt::format("{} {}{}",
                     rest == 0   ? "1"
                     : rest == 1 ? "10"
                                 : "100",
                     kPrefixes[static_cast<std::size_t>(group)], unit);
}

RooflineLayout roofline_layout(std::span<const RooflineInput> inputs) {
  RooflineLayout out;
  out.roofs = roofs_of(inputs);
  out.point_sets = point_sets_of(inputs, out.roofs);
  out.x = intensity_axis(out.roofs, out.point_sets);
  out.y = rate_axis(out.roofs, out.point_sets, out.x);
  shift_coinciding(out.roofs, out.x, out.y);
  for (const auto& r : out.roofs) {
    if (!r.has_peak()) continue;
    (r.integer ? out.any_integer : out.any_floating) = true;
  }

  constexpr double kInset = 2;  // labels keep clear of the frame
  LabelPlacer placer(
      {kPlotArea.x0 + kInset, kPlotArea.y0 + kInset, kPlotArea.x1 - kInset, kPlotArea.y1 - kInset});
  for (const auto& r : out.roofs) {
    for (const auto& s : roof_segments(r, out.x, out.y)) placer.add_line(s);
    if (r.has_peak())
      out.markers.push_back({out.x(r.ridge()), out.y(r.peak) + r.shift, kRidgeDisc});
  }
  for (const auto& s : out.point_sets)
    for (const auto& p : *s.points)
      out.markers.push_back(
          {out.x(p.flop_per_byte), out.y(p.gflops * 1e9), s.gemm ? kGemmDisc : kSweepDisc});
  for (const auto& m : out.markers) placer.add_obstacle(m);

  // Runs first, then the highest roofs: the labels a reader looks for get the best spots.
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < out.roofs.size(); ++i)
    if (out.roofs[i].has_peak()) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Roof &ra = out.roofs[a], &rb = out.roofs[b];
    const bool ma = inputs[ra.input].measured, mb = inputs[rb.input].measured;
    return ma != mb ? ma : ra.peak > rb.peak;
  });
  std::vector<LabelRequest> requests;
  for (const std::size_t i : order) {
    const Roof& r = out.roofs[i];
    RidgeLabel label;
    label.roof = i;
    label.text = label_text(inputs[r.input], r);
    label.anchor_x = out.x(r.ridge());
    label.anchor_y = out.y(r.peak) + r.shift;
    requests.push_back({label.anchor_x, label.anchor_y, kRidgeDisc,
                        estimate_text_width(label.text, kLabelFont) + 2 * kLabelHalo,
                        text_box_height(kLabelFont) + 2 * kLabelHalo});
    out.labels.push_back(std::move(label));
  }
  const std::vector<LabelSpot> spots = placer.place(requests);
  for (std::size_t i = 0; i < spots.size(); ++i) {
    out.labels[i].box = spots[i].box;
    out.labels[i].leader = spots[i].leader;
    out.labels[i].crowded = spots[i].crowded;
  }
  return out;
}

}  // namespace ridgeline
