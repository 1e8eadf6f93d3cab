// Parses a percentage option ("10", "10%", "2.5") into a fraction, inside its range.
#pragma once

#include <string>
#include <string_view>

namespace ridgeline::cli {

// Above 0 and below 100 percent; throws UsageError with one line naming the option and
// the text: "--tolerance 'abc': expected a percentage above 0 and below 100, e.g. 5 or 5%".
double parse_percent(std::string_view text, std::string_view option);

}  // namespace ridgeline::cli
