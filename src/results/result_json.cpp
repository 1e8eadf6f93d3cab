#include "results/result_json.hpp"

#include <cmath>
#include <cstdint>
#include <limits>

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
}

}  // namespace

void to_json(nlohmann::json& j, const CacheLevel& c) { encode(j, c); }
void to_json(nlohmann::json& j, const DeviceInfo& d) { encode(j, d); }
void to_json(nlohmann::json& j, const Verification& v) { encode(j, v); }
void to_json(nlohmann::json& j, const BenchmarkRecord& r) { encode(j, r); }
void to_json(nlohmann::json& j, const ToolInfo& t) { encode(j, t); }
void to_json(nlohmann::json& j, const HostInfo& h) { encode(j, h); }
void to_json(nlohmann::json& j, const RunInfo& r) { encode(j, r); }
void to_json(nlohmann::json& j, const ResultFile& f) { encode(j, f); }

void to_json(nlohmann::ordered_json& j, const CacheLevel& c) { encode(j, c); }
void to_json(nlohmann::ordered_json& j, const DeviceInfo& d) { encode(j, d); }
void to_json(nlohmann::ordered_json& j, const Verification& v) { encode(j, v); }
void to_json(nlohmann::ordered_json& j, const BenchmarkRecord& r) { encode(j, r); }
void to_json(nlohmann::ordered_json& j, const ToolInfo& t) { encode(j, t); }
void to_json(nlohmann::ordered_json& j, const HostInfo& h) { encode(j, h); }
void to_json(nlohmann::ordered_json& j, const RunInfo& r) { encode(j, r); }
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
}

}  // namespace

void from_json(const json& j, CacheLevel& c) { decode(j, "", c); }
void from_json(const json& j, DeviceInfo& d) { decode(j, "", d); }
void from_json(const json& j, Verification& v) { decode(j, "", v); }
void from_json(const json& j, BenchmarkRecord& r) { decode(j, "", r); }
void from_json(const json& j, ToolInfo& t) { decode(j, "", t); }
void from_json(const json& j, HostInfo& h) { decode(j, "", h); }
void from_json(const json& j, RunInfo& r) { decode(j, "", r); }
void from_json(const json& j, ResultFile& f) { decode(j, "", f); }

ResultFile result_file_from_json(const json& j, const std::string& path) {
  ResultFile f;
  decode(j, path, f);
  return f;
}

}  // namespace ridgeline
