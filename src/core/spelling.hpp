// "Did you mean ...": which known words a mistyped one most likely stands for.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ridgeline {

// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
// two neighbouring characters cost 1 each, so "rnu" is 1 from "run".
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidates `word` most likely stands for, in the candidates' order: those it is a
// prefix of (when it has 3 characters or more), else those at the smallest edit distance
// if that is at most max(1, size / 3). Empty when nothing is close; exact matches are
// the caller's business.
std::vector<std::string> likely_meant(std::string_view word,
                                      std::span<const std::string> candidates);

// "a", "a or b", "a, b or c": a suggestion list as a sentence.
std::string one_of(std::span<const std::string> words);

}  // namespace ridgeline
