// One table per enum maps its values to the names used in result files, benchmark names
// and the command line, so to_string and parse are written once for every enum.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace ridgeline {

template <class Enum, std::size_t N>
struct EnumNames {
  std::array<std::pair<Enum, std::string_view>, N> entries;

  constexpr std::string_view name(Enum value) const {
    for (const auto& [e, text] : entries)
      if (e == value) return text;
    return "unknown";
  }
  constexpr std::optional<Enum> parse(std::string_view text) const {
    for (const auto& [e, name] : entries)
      if (name == text) return e;
    return std::nullopt;
  }
  // "a, b, c": every accepted name, for error messages.
  std::string allowed() const {
    std::string out;
    for (const auto& [e, name] : entries) {
      if (!out.empty()) out += ", ";
      out += name;
    }
    return out;
  }
};

template <class Enum, class... Names>
constexpr auto enum_names(std::pair<Enum, Names>... entries) {
  return EnumNames<Enum, sizeof...(Names)>{{std::pair<Enum, std::string_view>(entries)...}};
}

}  // namespace ridgeline
