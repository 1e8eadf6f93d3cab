// What chip a user means by chip:<name>: the exact id, or a common name or unambiguous
// prefix of one ("h20" -> nvidia-h20, "nvidia-h200" -> nvidia-h200-sxm, "mi300x").
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ridgeline {

struct ChipLookup {
  enum class Outcome { found, ambiguous, not_found };
  Outcome outcome = Outcome::not_found;
  std::string id;                       // found: the datasheet id
  std::vector<std::string> candidates;  // ambiguous: every match; not_found: near misses
};

// Case does not matter. A name matches an id when it equals the id or one of its tails
// after a '-' ("910b2" and "ascend-910b2" name huawei-ascend-910b2), and failing that
// when it begins the id or such a tail. The first rule that matches exactly one id
// decides; several matches under one rule are ambiguous. Without a match, `candidates`
// holds the ids within a typo's edit distance.
ChipLookup lookup_chip(std::string_view name, std::span<const std::string> ids);

}  // namespace ridgeline
