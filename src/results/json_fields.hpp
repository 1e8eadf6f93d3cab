// Path-aware readers for JSON fields: every failure throws ResultFieldError naming the
// field's JSON path. Internal to the results layer (decoders of both file layouts).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "results/result_json.hpp"

namespace ridgeline::json_fields {

using nlohmann::json;

enum class Need { required, optional };

inline std::string shown(const std::string& path) { return path.empty() ? "(top level)" : path; }

[[noreturn]] inline void fail(const std::string& path, const std::string& problem) {
  throw ResultFieldError(shown(path) + " " + problem);
}

inline std::string element_path(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

inline std::string get_string(const json& v, const std::string& path) {
  if (!v.is_string()) fail(path, "must be a string");
  return v.get<std::string>();
}

inline double get_finite(const json& v, const std::string& path) {
  // Unreadable numbers were replaced by null before parsing, so null lands here too.
  if (!v.is_number()) fail(path, "must be a finite number");
  const double x = v.get<double>();
  if (!std::isfinite(x)) fail(path, "must be a finite number");
  return x;
}

inline bool get_bool(const json& v, const std::string& path) {
  if (!v.is_boolean()) fail(path, "must be true or false");
  return v.get<bool>();
}

inline std::uint64_t get_u64(const json& v, const std::string& path) {
  if (v.is_number_unsigned()) return v.get<std::uint64_t>();
  if (v.is_number_integer() && v.get<std::int64_t>() >= 0)
    return static_cast<std::uint64_t>(v.get<std::int64_t>());
  fail(path, "must be a non-negative integer");
}

inline int get_int(const json& v, const std::string& path, int min) {
  const std::string want = "must be an integer >= " + std::to_string(min);
  if (!v.is_number_integer()) fail(path, want);
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
      fail(path, want + " and <= " + std::to_string(std::numeric_limits<int>::max()));
    if (static_cast<int>(u) < min) fail(path, want);  // a parsed 0 is unsigned
    return static_cast<int>(u);
  }
  const auto i = v.get<std::int64_t>();
  if (i < min || i > std::numeric_limits<int>::max()) fail(path, want);
  return static_cast<int>(i);
}

inline std::vector<double> get_finite_array(const json& v, const std::string& path) {
  if (!v.is_array()) fail(path, "must be an array of finite numbers");
  std::vector<double> out;
  out.reserve(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) out.push_back(get_finite(v[i], element_path(path, i)));
  return out;
}

inline std::string quoted_excerpt(const std::string& s) {
  constexpr std::size_t kMax = 40;
  return "\"" + (s.size() > kMax ? s.substr(0, kMax) + "..." : s) + "\"";
}

// The fields of one JSON object, looked up by key with the path kept for messages.
class Fields {
 public:
  Fields(const json& j, std::string path) : j_(j), path_(std::move(path)) {
    if (!j_.is_object()) fail(path_, "must be an object");
  }

  std::string path(const char* key) const { return path_.empty() ? key : path_ + "." + key; }

  const json* find(const char* key, Need need) const {
    const auto it = j_.find(key);
    if (it != j_.end()) return &*it;
    if (need == Need::required) fail(path(key), "is missing");
    return nullptr;
  }

  void read(const char* key, std::string& out, Need need = Need::optional) const {
    if (const json* v = find(key, need)) out = get_string(*v, path(key));
  }
  void read(const char* key, bool& out, Need need = Need::optional) const {
    if (const json* v = find(key, need)) out = get_bool(*v, path(key));
  }
  void read(const char* key, double& out, Need need = Need::optional) const {
    if (const json* v = find(key, need)) out = get_finite(*v, path(key));
  }
  void read(const char* key, std::uint64_t& out, Need need = Need::optional) const {
    if (const json* v = find(key, need)) out = get_u64(*v, path(key));
  }
  void read(const char* key, int& out, int min, Need need = Need::optional) const {
    if (const json* v = find(key, need)) out = get_int(*v, path(key), min);
  }
  void read(const char* key, std::vector<double>& out, Need need = Need::optional) const {
    if (const json* v = find(key, need)) out = get_finite_array(*v, path(key));
  }

 private:
  const json& j_;
  std::string path_;
};

}  // namespace ridgeline::json_fields
