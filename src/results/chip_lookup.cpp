#include "results/chip_lookup.hpp"

#include <algorithm>
#include <cctype>

#include "core/spelling.hpp"

namespace ridgeline {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// The id and every part of it after a '-': "huawei-ascend-910b2", "ascend-910b2", "910b2".
std::vector<std::string_view> tails(std::string_view id) {
  std::vector<std::string_view> out{id};
  for (std::size_t dash = id.find('-'); dash != std::string_view::npos;
       dash = id.find('-', dash + 1))
    if (dash + 1 < id.size()) out.push_back(id.substr(dash + 1));
  return out;
}

template <typename Matches>
std::vector<std::string> ids_where(std::span<const std::string> ids, Matches matches) {
  std::vector<std::string> out;
  for (const auto& id : ids)
    if (matches(id)) out.push_back(id);
  return out;
}

}  // namespace

ChipLookup lookup_chip(std::string_view name, std::span<const std::string> ids) {
  const std::string query = lower(name);
  if (query.empty()) return {};
  const auto any_tail = [&](const std::string& id, auto test) {
    const auto all = tails(id);
    return std::any_of(all.begin(), all.end(), test);
  };
  const std::vector<std::vector<std::string>> rules{
      ids_where(ids, [&](const std::string& id) { return id == query; }),
      ids_where(ids,
                [&](const std::string& id) {
                  return any_tail(id, [&](std::string_view t) { return t == query; });
                }),
      ids_where(ids, [&](const std::string& id) {
        return any_tail(id, [&](std::string_view t) { return t.starts_with(query); });
      })};
  for (const auto& matched : rules) {
    if (matched.size() == 1) return {ChipLookup::Outcome::found, matched.front(), {}};
    if (matched.size() > 1) return {ChipLookup::Outcome::ambiguous, {}, matched};
  }
  // A typo of the whole id or of a tail ("nvidia-h2000", "gaudi4"): the nearest ones.
  std::vector<std::string> names, owners;
  for (const auto& id : ids)
    for (std::string_view tail : tails(id)) {
      names.emplace_back(tail);
      owners.push_back(id);
    }
  const auto meant = likely_meant(query, names);
  std::vector<std::string> near;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (std::find(meant.begin(), meant.end(), names[i]) != meant.end() &&
        std::find(near.begin(), near.end(), owners[i]) == near.end())
      near.push_back(owners[i]);
  return {ChipLookup::Outcome::not_found, {}, near};
}

}  // namespace ridgeline
