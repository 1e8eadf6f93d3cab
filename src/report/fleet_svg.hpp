// The fleet as a picture: one row per benchmark, every device a dot at its rate / the
// fleet median (one axis for every benchmark), the fleet median and each benchmark's
// tolerance line (1 - tolerance) x best, and the SLOW devices in red with their labels.
// Plain SVG written by ridgeline: no script, nothing fetched; hover shows exact values.
#pragma once

#include <string>

#include "analysis/fleet_judgement.hpp"

namespace ridgeline {

std::string fleet_svg(const FleetJudgement& j);

}  // namespace ridgeline
