#include "results/datasheet_rules.hpp"

#include <algorithm>
#include <iterator>
#include <set>

#include "results/json_fields.hpp"

namespace ridgeline {
namespace {

using json_fields::fail;

bool is_one_of(std::string_view s, const auto& allowed) {
  return std::find(std::begin(allowed), std::end(allowed), s) != std::end(allowed);
}

std::string joined(const auto& words) {
  std::string out;
  for (const auto w : words) out += (out.empty() ? "" : ", ") + std::string(w);
  return out;
}

// A stated number must be positive: unknown is written as null, never as zero.
void check_positive(const std::optional<double>& value, const std::string& path) {
  if (value && !(*value > 0)) fail(path, "must be greater than zero (leave it null when unknown)");
}

void check_field_sources(const Datasheet& d, const std::string& path) {
  std::set<std::string> source_ids;
  for (const auto& s : d.sources) source_ids.insert(s.id);
  const std::vector<std::string> stated = stated_numbers(d);
  for (const auto& field : stated) {
    const auto it = d.field_sources.find(field);
    if (it == d.field_sources.end() || it->second.empty())
      fail(path + "." + field, "has no source (add it to field_sources, or leave it null)");
  }
  for (const auto& [field, ids] : d.field_sources) {
    const std::string fpath = path + ".field_sources." + field;
    if (std::find(stated.begin(), stated.end(), field) == stated.end())
      fail(fpath, "names a field that holds no number");
    for (const auto& id : ids)
      if (!source_ids.contains(id))
        fail(fpath, "names source \"" + id + "\", which is not in sources");
  }
}

}  // namespace

std::vector<std::string> stated_numbers(const Datasheet& d) {
  std::vector<std::string> fields;
  if (d.year) fields.emplace_back("year");
  if (d.memory_gb) fields.emplace_back("memory_gb");
  if (d.memory_bandwidth_tbps) fields.emplace_back("memory_bandwidth_tbps");
  for (const auto& [dtype, value] : d.peak_tflops) fields.push_back("peak_tflops." + dtype);
  if (d.interconnect_gbps) fields.emplace_back("interconnect_gbps");
  if (d.tdp_w) fields.emplace_back("tdp_w");
  if (d.die_area_mm2) fields.emplace_back("die_area_mm2");
  return fields;
}

void check_datasheet(const Datasheet& d, const std::string& path) {
  if (d.id.empty()) fail(path + ".id", "must not be empty");
  if (!is_one_of(d.confidence, kDatasheetConfidences))
    fail(path + ".confidence", "must be one of " + joined(kDatasheetConfidences) + " (got " +
                                   json_fields::quoted_excerpt(d.confidence) + ")");
  check_positive(d.memory_gb, path + ".memory_gb");
  check_positive(d.memory_bandwidth_tbps, path + ".memory_bandwidth_tbps");
  check_positive(d.interconnect_gbps, path + ".interconnect_gbps");
  check_positive(d.tdp_w, path + ".tdp_w");
  check_positive(d.die_area_mm2, path + ".die_area_mm2");
  for (const auto& [dtype, value] : d.peak_tflops) {
    const std::string peak = path + ".peak_tflops." + dtype;
    if (!is_one_of(dtype, kDatasheetDtypes))
      fail(peak, "is not a known dtype (" + joined(kDatasheetDtypes) + ")");
    check_positive(value, peak);
  }
  if (d.sources.empty()) fail(path + ".sources", "must be a non-empty array");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < d.sources.size(); ++i) {
    const std::string source = json_fields::element_path(path + ".sources", i);
    if (d.sources[i].id.empty()) fail(source + ".id", "must not be empty");
    if (!seen.insert(d.sources[i].id).second)
      fail(source + ".id", "repeats source id \"" + d.sources[i].id + "\"");
  }
  check_field_sources(d, path);
}

}  // namespace ridgeline
