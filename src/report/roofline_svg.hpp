// The roofline picture as SVG: log-log axes (flop/byte, FLOP/s), one roof per input and
// dtype, the measured sweep points of runs, ridge points marked and labelled, a legend.
// Plain SVG 1.1 written by hand: no script, no external resource, opens anywhere.
#pragma once

#include <map>
#include <span>
#include <string>
#include <vector>

#include "analysis/ceilings.hpp"
#include "analysis/roofline_fit.hpp"

namespace ridgeline {

// One input of the picture (a measured run or a datasheet), already analysed.
struct RooflineInput {
  std::string label;   // the legend's name: "NVIDIA H20 (96GB)", "Intel Xeon @ 2.50GHz"
  std::string tag;     // the shortest clear name, for ridge labels: "H20"
  std::string origin;  // what the user gave: a path or chip:<id>
  bool measured = false;
  Ceilings ceilings;
  std::map<std::string, std::vector<SweepPoint>> sweeps;  // runs only, by dtype
  std::map<std::string, std::vector<SweepPoint>> gemms;   // vendor GEMM shapes, by dtype
  std::vector<FittedRoofline> fits;                       // runs only
  // The roofs to draw, each with a ridge in `ceilings`. With none, an input that has a
  // bandwidth is drawn as its bandwidth slope alone: what is known, nothing guessed.
  std::vector<std::string> dtypes;
  std::string note;  // a line about the input for the page: device, sources
};

std::string roofline_svg(std::span<const RooflineInput> inputs);

}  // namespace ridgeline
