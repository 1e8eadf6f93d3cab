// One input of the roofline picture (a measured run or a datasheet), already analysed.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "analysis/ceilings.hpp"
#include "analysis/roofline_fit.hpp"

namespace ridgeline {

struct RooflineInput {
  std::string label;   // the legend's name: "NVIDIA H20 (96GB)", "Intel Xeon @ 2.50GHz"
  std::string tag;     // the shortest clear name, for ridge labels: "H20"
  std::string origin;  // what the user gave: a path or chip:<id>
  bool measured = false;
  // A datasheet drawn at a measured run's shares of its own chip (--efficiency-from).
  bool assumed = false;
  Ceilings ceilings;
  std::map<std::string, std::vector<SweepPoint>> sweeps;  // runs only, by dtype
  std::map<std::string, std::vector<SweepPoint>> gemms;   // vendor GEMM shapes, by dtype
  std::vector<FittedRoofline> fits;                       // runs only
  // The roofs to draw, each with a ridge in `ceilings` (find_ridge: floating point or
  // integer). With none, an input that has a bandwidth is drawn as its bandwidth slope
  // alone: what is known, nothing guessed.
  std::vector<std::string> dtypes;
  std::string note;  // a line about the input for the page: device, sources
};

}  // namespace ridgeline
