#include "results/result_json.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <limits>
#include <set>

#include "results/json_fields.hpp"

namespace ridgeline {

std::optional<Verdict> parse_verdict(std::string_view s) {
  for (auto v : {Verdict::pass, Verdict::fail, Verdict::not_run})
    if (to_string(v) == s) return v;
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------
// Encoding: one template serves json and ordered_json.
namespace {

template <class J>
void encode(J& j, const CacheLevel& c) {
  j = J::object();
  j["level"] = c.level;
  j["type"] = c.type;
  j["size_bytes"] = c.size_bytes;
  j["shared_by"] = c.shared_by;
  j["instances"] = c.instances;
}

template <class J>
void encode(J& j, const DeviceInfo& d) {
  j = J::object();
  j["id"] = d.id;
  j["backend"] = d.backend;
  j["name"] = d.name;
  j["vendor"] = d.vendor;
  j["arch"] = d.arch;
  j["compute_units"] = d.compute_units;
  j["compute_unit_kind"] = d.compute_unit_kind;
  j["clock_mhz"] = d.clock_mhz;
  j["simd_bits"] = d.simd_bits;
  j["caches"] = J::array();
  for (const auto& c : d.caches) j["caches"].push_back(J(c));
  j["memory_bytes"] = d.memory_bytes;
  j["extra"] = d.extra;
}

template <class J>
void encode(J& j, const Verification& v) {
  j = J::object();
  j["verdict"] = to_string(v.verdict);
  j["checked"] = v.checked;
  j["mismatches"] = v.mismatches;
  j["max_abs_error"] = v.max_abs_error;
  j["tolerance"] = v.tolerance;
  j["detail"] = v.detail;
}

bool all_finite(const std::vector<double>& xs) {
  for (double x : xs)
    if (!std::isfinite(x)) return false;
  return true;
}

template <class J>
void encode(J& j, const BenchmarkRecord& r) {
  j = J::object();
  j["name"] = r.name;
  j["family"] = r.family;
  j["kernel"] = r.kernel;
  j["dtype"] = r.dtype;
  j["elements"] = r.elements;
  j["array_bytes"] = r.array_bytes;
  j["bytes_per_call"] = r.bytes_per_call;
  j["flops_per_call"] = r.flops_per_call;
  j["unit"] = r.unit;
  j["params"] = r.params;
  j["status"] = to_string(r.status);
  j["reason"] = r.reason;
  j["verification"] = J(r.verification);
  j["calls_per_sample"] = r.calls_per_sample;
  j["samples_seconds"] = r.sample_seconds;
  j["samples_cpu_seconds"] = r.sample_cpu_seconds;
  // Derived, for readers that do not recompute. A non-finite sample is reported by the
  // writer under its own path, so the median is not computed from it here.
  const bool usable = all_finite(r.sample_seconds);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  j["median_seconds"] = usable ? r.median_seconds() : nan;
  j["median_rate"] = usable ? r.median_rate() : nan;
}

template <class J>
void encode(J& j, const ToolInfo& t) {
  j = J::object();
  j["version"] = t.version;
  j["git_sha"] = t.git_sha;
  j["compiler"] = t.compiler;
  j["flags"] = t.flags;
  j["build_type"] = t.build_type;
}

template <class J>
void encode(J& j, const HostInfo& h) {
  j = J::object();
  j["hostname"] = h.hostname;
  j["os"] = h.os;
  j["kernel"] = h.kernel;
  j["cpus"] = h.cpus;
}

template <class J>
void encode(J& j, const RunInfo& r) {
  j = J::object();
  j["status"] = to_string(r.status);
  j["started_utc"] = r.started_utc;
  j["finished_utc"] = r.finished_utc;
  j["suite"] = r.suite;
  j["repetitions"] = r.repetitions;
  j["command_line"] = r.command_line;
}

template <class J>
void encode(J& j, const DatasheetSource& s) {
  j = J::object();
  j["id"] = s.id;
  j["title"] = s.title;
  j["url"] = s.url;
}

// Unknown is written as null, so a reader of the file sees the field was not forgotten.
template <class J, class T>
J value_or_null(const std::optional<T>& v) {
  return v ? J(*v) : J(nullptr);
}

template <class J>
void encode(J& j, const Datasheet& d) {
  j = J::object();
  j["id"] = d.id;
  j["name"] = d.name;
  j["vendor"] = d.vendor;
  j["year"] = value_or_null<J>(d.year);
  j["confidence"] = d.confidence;
  j["memory_type"] = d.memory_type;
  j["memory_gb"] = value_or_null<J>(d.memory_gb);
  j["memory_bandwidth_tbps"] = value_or_null<J>(d.memory_bandwidth_tbps);
  j["peak_tflops"] = J::object();
  for (const auto dtype : kDatasheetDtypes)  // a fixed order for humans, not the map's
    if (const auto it = d.peak_tflops.find(std::string(dtype)); it != d.peak_tflops.end())
      j["peak_tflops"][it->first] = it->second;
  j["interconnect"] = d.interconnect;
  j["interconnect_gbps"] = value_or_null<J>(d.interconnect_gbps);
  j["tdp_w"] = value_or_null<J>(d.tdp_w);
  j["die_area_mm2"] = value_or_null<J>(d.die_area_mm2);
  j["sources"] = J::array();
  for (const auto& s : d.sources) j["sources"].push_back(J(s));
  j["field_sources"] = d.field_sources;
  j["notes"] = d.notes;
}

template <class J>
void encode(J& j, const ResultFile& f) {
  j = J::object();
  j["schema_version"] = f.schema_version;
  j["kind"] = f.kind;
  j["tool"] = J(f.tool);
  j["host"] = J(f.host);
  j["run"] = J(f.run);
  j["device"] = J(f.device);
  j["benchmarks"] = J::array();
  for (const auto& r : f.benchmarks) j["benchmarks"].push_back(J(r));
  if (f.datasheet) j["datasheet"] = J(*f.datasheet);
}

}  // namespace

void to_json(nlohmann::json& j, const CacheLevel& c) { encode(j, c); }
void to_json(nlohmann::json& j, const DeviceInfo& d) { encode(j, d); }
void to_json(nlohmann::json& j, const Verification& v) { encode(j, v); }
void to_json(nlohmann::json& j, const BenchmarkRecord& r) { encode(j, r); }
void to_json(nlohmann::json& j, const ToolInfo& t) { encode(j, t); }
void to_json(nlohmann::json& j, const HostInfo& h) { encode(j, h); }
void to_json(nlohmann::json& j, const RunInfo& r) { encode(j, r); }
void to_json(nlohmann::json& j, const DatasheetSource& s) { encode(j, s); }
void to_json(nlohmann::json& j, const Datasheet& d) { encode(j, d); }
void to_json(nlohmann::json& j, const ResultFile& f) { encode(j, f); }

void to_json(nlohmann::ordered_json& j, const CacheLevel& c) { encode(j, c); }
void to_json(nlohmann::ordered_json& j, const DeviceInfo& d) { encode(j, d); }
void to_json(nlohmann::ordered_json& j, const Verification& v) { encode(j, v); }
void to_json(nlohmann::ordered_json& j, const BenchmarkRecord& r) { encode(j, r); }
void to_json(nlohmann::ordered_json& j, const ToolInfo& t) { encode(j, t); }
void to_json(nlohmann::ordered_json& j, const HostInfo& h) { encode(j, h); }
void to_json(nlohmann::ordered_json& j, const RunInfo& r) { encode(j, r); }
void to_json(nlohmann::ordered_json& j, const DatasheetSource& s) { encode(j, s); }
void to_json(nlohmann::ordered_json& j, const Datasheet& d) { encode(j, d); }
void to_json(nlohmann::ordered_json& j, const ResultFile& f) { encode(j, f); }

// ---------------------------------------------------------------------------------------
// Decoding: every read names its JSON path so a reader's error points at the bad field.
namespace {

using nlohmann::json;
using namespace json_fields;

void decode(const json& j, const std::string& path, CacheLevel& c) {
  const Fields f(j, path);
  f.read("level", c.level, 0, Need::required);
  f.read("type", c.type, Need::required);
  f.read("size_bytes", c.size_bytes, Need::required);
  f.read("shared_by", c.shared_by, 1);
  f.read("instances", c.instances, 1);
}

void decode(const json& j, const std::string& path, DeviceInfo& d) {
  const Fields f(j, path);
  f.read("id", d.id);
  f.read("backend", d.backend, Need::required);
  f.read("name", d.name, Need::required);
  f.read("vendor", d.vendor);
  f.read("arch", d.arch);
  f.read("compute_units", d.compute_units, 0);
  f.read("compute_unit_kind", d.compute_unit_kind);
  f.read("clock_mhz", d.clock_mhz);
  f.read("simd_bits", d.simd_bits, 0);
  if (const json* caches = f.find("caches", Need::optional)) {
    const std::string cpath = f.path("caches");
    if (!caches->is_array()) fail(cpath, "must be an array");
    d.caches.clear();
    for (std::size_t i = 0; i < caches->size(); ++i)
      decode((*caches)[i], element_path(cpath, i), d.caches.emplace_back());
  }
  f.read("memory_bytes", d.memory_bytes);
  f.read("extra", d.extra);
}

void decode(const json& j, const std::string& path, Verification& v) {
  const Fields f(j, path);
  f.read_enum("verdict", v.verdict, parse_verdict, "pass, fail, not_run", Need::required);
  f.read("checked", v.checked);
  f.read("mismatches", v.mismatches);
  f.read("max_abs_error", v.max_abs_error);
  f.read("tolerance", v.tolerance);
  f.read("detail", v.detail);
}

void decode(const json& j, const std::string& path, BenchmarkRecord& r) {
  const Fields f(j, path);
  f.read("name", r.name, Need::required);
  f.read("family", r.family);
  f.read("kernel", r.kernel);
  f.read("dtype", r.dtype);
  f.read("elements", r.elements);
  f.read("array_bytes", r.array_bytes);
  f.read("bytes_per_call", r.bytes_per_call, Need::required);
  f.read("flops_per_call", r.flops_per_call, Need::required);
  f.read("unit", r.unit, Need::required);
  f.read("params", r.params);
  f.read_enum("status", r.status, parse_bench_status, "ok, failed, skipped", Need::required);
  f.read("reason", r.reason);
  if (const json* v = f.find("verification", Need::optional))
    decode(*v, f.path("verification"), r.verification);
  f.read("calls_per_sample", r.calls_per_sample, 1);
  f.read("samples_seconds", r.sample_seconds, Need::required);
  f.read("samples_cpu_seconds", r.sample_cpu_seconds);
  // A CPU time must belong to a wall-clock sample, or per-sample pairs would shift.
  if (!r.sample_cpu_seconds.empty() && r.sample_cpu_seconds.size() != r.sample_seconds.size())
    fail(f.path("samples_cpu_seconds"), "has " + std::to_string(r.sample_cpu_seconds.size()) +
                                            " entries but samples_seconds has " +
                                            std::to_string(r.sample_seconds.size()));
  // median_seconds and median_rate are derived: recomputed from the samples, never trusted.
}

void decode(const json& j, const std::string& path, ToolInfo& t) {
  const Fields f(j, path);
  f.read("version", t.version);
  f.read("git_sha", t.git_sha);
  f.read("compiler", t.compiler);
  f.read("flags", t.flags);
  f.read("build_type", t.build_type);
}

void decode(const json& j, const std::string& path, HostInfo& h) {
  const Fields f(j, path);
  f.read("hostname", h.hostname);
  f.read("os", h.os);
  f.read("kernel", h.kernel);
  f.read("cpus", h.cpus, 0);
}

void decode(const json& j, const std::string& path, RunInfo& r) {
  const Fields f(j, path);
  f.read_enum("status", r.status, parse_run_status, "incomplete, complete, interrupted",
              Need::required);
  f.read("started_utc", r.started_utc, Need::required);
  f.read("finished_utc", r.finished_utc);
  f.read("suite", r.suite);
  f.read("repetitions", r.repetitions, 0);
  f.read("command_line", r.command_line);
}

void decode(const json& j, const std::string& path, DatasheetSource& s) {
  const Fields f(j, path);
  f.read("id", s.id, Need::required);
  if (s.id.empty()) fail(f.path("id"), "must not be empty");
  f.read("title", s.title, Need::required);
  f.read("url", s.url);
}

// A datasheet number: absent or null is unknown; anything else must be finite and > 0.
std::optional<double> read_positive(const Fields& f, const char* key) {
  const json* v = f.find(key, Need::optional);
  if (!v || v->is_null()) return std::nullopt;
  const double x = get_finite(*v, f.path(key));
  if (x <= 0) fail(f.path(key), "must be greater than zero (leave it null when unknown)");
  return x;
}

bool is_one_of(std::string_view s, const auto& allowed) {
  return std::find(std::begin(allowed), std::end(allowed), s) != std::end(allowed);
}

std::string joined(const auto& words) {
  std::string out;
  for (const auto w : words) out += (out.empty() ? "" : ", ") + std::string(w);
  return out;
}

// The field paths of every number the datasheet states, as field_sources names them.
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

void decode(const json& j, const std::string& path, Datasheet& d) {
  const Fields f(j, path);
  f.read("id", d.id, Need::required);
  if (d.id.empty()) fail(f.path("id"), "must not be empty");
  f.read("name", d.name, Need::required);
  f.read("vendor", d.vendor, Need::required);
  if (const json* v = f.find("year", Need::optional); v && !v->is_null())
    d.year = get_int(*v, f.path("year"), 1);
  f.read("confidence", d.confidence, Need::required);
  if (!is_one_of(d.confidence, kDatasheetConfidences))
    fail(f.path("confidence"), "must be one of " + joined(kDatasheetConfidences) + " (got " +
                                   quoted_excerpt(d.confidence) + ")");
  f.read("memory_type", d.memory_type);
  d.memory_gb = read_positive(f, "memory_gb");
  d.memory_bandwidth_tbps = read_positive(f, "memory_bandwidth_tbps");
  d.peak_tflops.clear();
  if (const json* peaks = f.find("peak_tflops", Need::optional); peaks && !peaks->is_null()) {
    const Fields p(*peaks, f.path("peak_tflops"));
    for (const auto& [dtype, value] : peaks->items()) {
      if (!is_one_of(dtype, kDatasheetDtypes))
        fail(p.path(dtype.c_str()), "is not a known dtype (" + joined(kDatasheetDtypes) + ")");
      if (const auto x = read_positive(p, dtype.c_str())) d.peak_tflops[dtype] = *x;
    }
  }
  f.read("interconnect", d.interconnect);
  d.interconnect_gbps = read_positive(f, "interconnect_gbps");
  d.tdp_w = read_positive(f, "tdp_w");
  d.die_area_mm2 = read_positive(f, "die_area_mm2");

  const json& sources = *f.find("sources", Need::required);
  const std::string spath = f.path("sources");
  if (!sources.is_array() || sources.empty()) fail(spath, "must be a non-empty array");
  d.sources.clear();
  std::set<std::string> seen;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    decode(sources[i], element_path(spath, i), d.sources.emplace_back());
    if (!seen.insert(d.sources.back().id).second)
      fail(element_path(spath, i) + ".id", "repeats source id \"" + d.sources.back().id + "\"");
  }

  d.field_sources.clear();
  if (const json* fs = f.find("field_sources", Need::optional)) {
    const Fields entries(*fs, f.path("field_sources"));
    for (const auto& [field, ids] : fs->items()) {
      const std::string fpath = entries.path(field.c_str());
      if (!ids.is_array()) fail(fpath, "must be an array of source ids");
      auto& out = d.field_sources[field];
      for (std::size_t i = 0; i < ids.size(); ++i)
        out.push_back(get_string(ids[i], element_path(fpath, i)));
    }
  }
  check_field_sources(d, path);
  f.read("notes", d.notes);
}

void decode(const json& j, const std::string& path, ResultFile& out) {
  const Fields f(j, path);
  f.read("schema_version", out.schema_version, Need::required);
  f.read("kind", out.kind, Need::required);
  if (const json* v = f.find("tool", Need::optional)) decode(*v, f.path("tool"), out.tool);
  if (const json* v = f.find("host", Need::optional)) decode(*v, f.path("host"), out.host);
  decode(*f.find("run", Need::required), f.path("run"), out.run);
  decode(*f.find("device", Need::required), f.path("device"), out.device);
  const json& records = *f.find("benchmarks", Need::required);
  const std::string rpath = f.path("benchmarks");
  if (!records.is_array()) fail(rpath, "must be an array");
  out.benchmarks.clear();
  out.benchmarks.reserve(records.size());
  for (std::size_t i = 0; i < records.size(); ++i)
    decode(records[i], element_path(rpath, i), out.benchmarks.emplace_back());

  const json* sheet = f.find("datasheet", Need::optional);
  out.datasheet.reset();
  if (out.kind != "datasheet") {
    if (sheet) fail(f.path("datasheet"), "is only allowed when kind is \"datasheet\"");
    return;
  }
  if (!sheet) fail(f.path("datasheet"), "is missing (kind is \"datasheet\")");
  decode(*sheet, f.path("datasheet"), out.datasheet.emplace());
  // chip:<id> resolves to <id>.json; the device must say which chip it describes.
  const std::string chip = "chip:" + out.datasheet->id;
  if (out.device.id != chip)
    fail(f.path("device") + ".id", "must be \"" + chip + "\" to match datasheet.id (got " +
                                       quoted_excerpt(out.device.id) + ")");
}

}  // namespace

void from_json(const json& j, CacheLevel& c) { decode(j, "", c); }
void from_json(const json& j, DeviceInfo& d) { decode(j, "", d); }
void from_json(const json& j, Verification& v) { decode(j, "", v); }
void from_json(const json& j, BenchmarkRecord& r) { decode(j, "", r); }
void from_json(const json& j, ToolInfo& t) { decode(j, "", t); }
void from_json(const json& j, HostInfo& h) { decode(j, "", h); }
void from_json(const json& j, RunInfo& r) { decode(j, "", r); }
void from_json(const json& j, DatasheetSource& s) { decode(j, "", s); }
void from_json(const json& j, Datasheet& d) { decode(j, "", d); }
void from_json(const json& j, ResultFile& f) { decode(j, "", f); }

ResultFile result_file_from_json(const json& j, const std::string& path) {
  ResultFile f;
  decode(j, path, f);
  return f;
}

}  // namespace ridgeline
