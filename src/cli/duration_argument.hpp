// Parses a duration option: a number with s, m (minutes) or h, or plain seconds:
// "10m", "90s", "1.5h", "600".
#pragma once

#include <string_view>

namespace ridgeline::cli {

// Seconds, above 0 and at most a week; throws UsageError with one line naming the option
// and the text: "--duration '10x': expected a duration such as 90s, 10m or 1.5h".
double parse_duration(std::string_view text, std::string_view option);

}  // namespace ridgeline::cli
