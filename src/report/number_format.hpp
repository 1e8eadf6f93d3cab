// Every number a person reads, formatted one way: three significant digits, SI prefixes
// for rates and amounts, binary units for memory sizes, durations in the unit that keeps
// them short, and nouns that agree with their count.
#pragma once

#include <concepts>
#include <string>
#include <string_view>

namespace ridgeline {

// Three significant digits, no prefix: 12.3, 1234, 0.0421; "-" when not finite. Whole
// numbers up to 999999 keep every digit; beyond that 1.23e+06 (give a unit and use
// format_si instead where one exists).
std::string format_rate(double value);

// A decimal SI prefix up to Q (1e30): format_si(1.48e14, "FLOP/s") == "148 TFLOP/s",
// format_si(2.0e10, "B/s") == "20.0 GB/s"; scientific beyond Q, "-" when not finite.
std::string format_si(double value, std::string_view unit);

// Bytes with a binary unit, as memory and caches are sized: "35.8 MiB", "512 B".
std::string format_bytes(double bytes);

// ns, us, ms, s, min or h, whichever keeps the number under 1000 (under 60 for s and
// min): "4.13 ms", "30.2 s", "9.88 h"; "-" when negative or not finite.
std::string format_duration(double seconds);

// A count of things (parameters, tokens) with k, M, B (billion) or T (trillion), as
// model sizes are named: "8B", "70.6B", "1.5M", "512"; whole counts under 1000 exact.
std::string format_count(double n);

// "1 repetition", "10 repetitions", "0.5 bytes": the count, a space and the noun in the
// number it needs (plural defaults to singular + "s").
std::string counted(double n, std::string_view singular, std::string_view plural = {});
// The noun alone, for callers that print the count their own way.
std::string noun_for(bool one, std::string_view singular, std::string_view plural);
template <std::integral Count>
std::string counted(Count n, std::string_view singular, std::string_view plural = {}) {
  return std::to_string(n) + " " + noun_for(n == 1, singular, plural);
}

}  // namespace ridgeline
