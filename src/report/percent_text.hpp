// A signed fraction as a percentage for tables: "+4.2%", "-0.7%", and "0.0%" for anything
// that rounds to zero, never "-0.0%" (a tiny negative deviation is no deviation).
#pragma once

#include <string>

namespace ridgeline {

std::string format_signed_percent(double fraction);

}  // namespace ridgeline
