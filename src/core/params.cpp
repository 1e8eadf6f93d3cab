#include "core/params.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace ridgeline {

std::optional<double> Param::number() const {
  if (const auto* i = std::get_if<std::int64_t>(&value_)) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&value_)) return *d;
  const std::string& s = std::get<std::string>(value_);
  double parsed = 0;
  const char* last = s.data() + s.size();
  const auto [end, error] = std::from_chars(s.data(), last, parsed);
  if (s.empty() || error != std::errc{} || end != last || !std::isfinite(parsed))
    return std::nullopt;
  return parsed;
}

std::string Param::text() const {
  if (const auto* s = std::get_if<std::string>(&value_)) return *s;
  std::array<char, 32> buffer{};
  const auto [end, error] =
      std::holds_alternative<std::int64_t>(value_)
          ? std::to_chars(buffer.data(), buffer.data() + buffer.size(),
                          std::get<std::int64_t>(value_))
          : std::to_chars(buffer.data(), buffer.data() + buffer.size(), std::get<double>(value_));
  return error == std::errc{} ? std::string(buffer.data(), end) : std::string{};
}

std::optional<double> number_param(const Params& params, std::string_view key) {
  const auto it = params.find(key);
  return it == params.end() ? std::nullopt : it->second.number();
}

std::optional<std::string> text_param(const Params& params, std::string_view key) {
  const auto it = params.find(key);
  if (it == params.end()) return std::nullopt;
  return it->second.text();
}

}  // namespace ridgeline
