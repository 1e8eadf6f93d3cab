// A rate with a decimal SI prefix, for figures spanning a CPU and a datacentre GPU:
// format_si(1.48e14, "FLOP/s") == "148 TFLOP/s", format_si(2.0e10, "B/s") == "20.0 GB/s".
#pragma once

#include <string>
#include <string_view>

namespace ridgeline {

std::string format_si(double value, std::string_view unit);

}  // namespace ridgeline
