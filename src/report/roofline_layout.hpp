// Where everything of the roofline picture goes, before any SVG is written: the axes, one
// line per roof (equal roofs of one input merged, coinciding roofs of different inputs
// shifted apart), every marker, and each ridge label's box. Exposed so tests can check
// the geometry (no two labels overlap, none covers a marker) without parsing SVG.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "report/label_placer.hpp"
#include "report/roofline_input.hpp"

namespace ridgeline {

// The frame, in SVG user units (pixels at 100%).
inline constexpr Box kPlotArea{112, 64, 112 + 760, 64 + 600};
inline constexpr double kLegendLeft = kPlotArea.x1 + 28;
inline constexpr double kBottomMargin = 64;  // tick labels and the x axis title
inline constexpr double kRidgeMarkerSize = 4.5;
inline constexpr double kRidgeMarkerStroke = 2;
inline constexpr double kSweepMarkerSize = 3.6;
inline constexpr double kGemmMarkerSide = 7;
inline constexpr double kLabelFont = 11;
inline constexpr double kLabelHalo = 2;        // a label's box: its text plus the white outline
inline constexpr double kCoincidentShift = 3;  // px between roofs that would draw as one

// A base-10 log axis over whole decades [lo, hi], mapped onto pixels [from, to].
struct LogAxis {
  int lo = 0;
  int hi = 1;
  double from = 0;
  double to = 1;
  double operator()(double v) const;
  double min() const;
  double max() const;
};

// One line to draw: an input's roof for one dtype, or for several whose peaks are equal
// (one line, one label, both named: "fp32 = fp64"), or its bandwidth slope alone.
struct Roof {
  std::size_t input = 0;            // index into the inputs
  std::vector<std::string> dtypes;  // empty for a slope without a known peak
  bool integer = false;             // OP/s and op/byte, not FLOP/s and flop/byte
  double peak = 0;                  // per second; 0 when unknown
  double bandwidth = 0;             // bytes per second
  // Drawn this many px below its place because it would hide behind roof `hides_behind`
  // (another input's, or another unit's, at the same peak and bandwidth).
  double shift = 0;
  std::size_t hides_behind = 0;
  bool has_peak() const { return peak > 0; }
  double ridge() const { return peak / bandwidth; }
  std::string dtype_text() const;  // "bf16", "fp32 = fp64"
};

// Measured points to draw under a roof: a run's sweep or its vendor GEMM shapes.
struct PointSet {
  std::size_t roof = 0;
  std::string dtype;
  const std::vector<SweepPoint>* points = nullptr;
  bool gemm = false;
};

struct RidgeLabel {
  std::size_t roof = 0;
  std::string text;     // "H20 bf16 37 flop/B"
  Box box;              // the text's estimated extent, padded for its halo
  double anchor_x = 0;  // the ridge marker it names
  double anchor_y = 0;
  bool leader = false;   // placed away from the marker: a thin line leads back
  bool crowded = false;  // no free spot was found (overlaps something)
};

struct RooflineLayout {
  LogAxis x, y;
  std::vector<Roof> roofs;
  std::vector<PointSet> point_sets;
  std::vector<Disc> markers;  // every ridge marker, sweep point and GEMM square
  std::vector<RidgeLabel> labels;
  bool any_floating = false;  // some roof with a peak is floating point
  bool any_integer = false;   // some roof with a peak is integer
};

RooflineLayout roofline_layout(std::span<const RooflineInput> inputs);

// A roof's line in px, shift included: its slope from the left (or bottom) edge, then its
// plateau to the right edge; one segment for a slope without a peak.
std::vector<Segment> roof_segments(const Roof& r, const LogAxis& x, const LogAxis& y);

// "1e-5", "0.1", "1000": a decade of the intensity axis.
std::string intensity_tick(int decade);
// "100 TFLOP/s", "1 POP/s", or "100 T" with `unit` empty: a decade of the rate axis.
std::string rate_tick(int decade, std::string_view unit);

}  // namespace ridgeline
