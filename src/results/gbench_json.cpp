#include "results/gbench_json.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/statistics.hpp"
#include "results/json_fields.hpp"

namespace ridgeline {

// ---------------------------------------------------------------------------------------
// Export
namespace {

using ojson = nlohmann::ordered_json;

std::string gbench_cache_type(const std::string& type) {
  if (type == "data") return "Data";
  if (type == "instruction") return "Instruction";
  if (type == "unified") return "Unified";
  std::string out = type;
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::string error_message(const BenchmarkRecord& r) {
  if (!r.reason.empty()) return r.reason;
  return r.status == BenchStatus::ok ? "no samples" : std::string(to_string(r.status));
}

// The fields every entry starts with, in the order GB writes them.
ojson entry_head(const std::string& name, const BenchmarkRecord& r, std::size_t family_index) {
  ojson e = ojson::object();
  e["name"] = name;
  e["family_index"] = family_index;
  e["per_family_instance_index"] = 0;
  e["run_name"] = r.name;
  return e;
}

void add_error(ojson& e, const BenchmarkRecord& r) {
  e["error_occurred"] = true;
  e["error_message"] = error_message(r);
}

void add_times(ojson& e, double real_ns, double cpu_ns) {
  e["real_time"] = real_ns;
  e["cpu_time"] = cpu_ns;
  e["time_unit"] = "ns";
}

// Per-sample counters; absent where the rate is undefined (no work declared or no time).
struct SampleCounters {
  std::vector<double> bytes_per_second, flops_per_second;
};

SampleCounters sample_counters(const BenchmarkRecord& r) {
  SampleCounters c;
  const bool timed =
      std::all_of(r.sample_seconds.begin(), r.sample_seconds.end(), [](double s) { return s > 0; });
  if (!timed) return c;
  for (double s : r.sample_seconds) {
    if (r.bytes_per_call > 0) c.bytes_per_second.push_back(r.bytes_per_call / s);
    if (r.flops_per_call > 0) c.flops_per_second.push_back(r.flops_per_call / s);
  }
  return c;
}

void append_iterations(ojson& out, const BenchmarkRecord& r, std::size_t family_index) {
  const std::size_t n = r.sample_seconds.size();
  for (std::size_t i = 0; i < n; ++i) {
    const double seconds = r.sample_seconds[i];
    const double cpu = i < r.sample_cpu_seconds.size() ? r.sample_cpu_seconds[i] : seconds;
    ojson e = entry_head(r.name, r, family_index);
    e["run_type"] = "iteration";
    e["repetitions"] = n;
    e["repetition_index"] = i;
    e["threads"] = 1;
    if (r.status != BenchStatus::ok) add_error(e, r);
    e["iterations"] = r.calls_per_sample;
    add_times(e, seconds * 1e9, cpu * 1e9);
    if (r.bytes_per_call > 0 && seconds > 0) e["bytes_per_second"] = r.bytes_per_call / seconds;
    if (r.flops_per_call > 0 && seconds > 0) e["flops_per_second"] = r.flops_per_call / seconds;
    out.push_back(std::move(e));
  }
}

double coefficient_of_variation(std::span<const double> xs) {
  const double m = mean(xs);
  return m == 0 ? 0 : stddev(xs) / m;
}

void append_aggregates(ojson& out, const BenchmarkRecord& r, std::size_t family_index) {
  const std::size_t n = r.sample_seconds.size();
  std::vector<double> real_ns, cpu_ns;
  for (std::size_t i = 0; i < n; ++i) {
    real_ns.push_back(r.sample_seconds[i] * 1e9);
    cpu_ns.push_back(
        (i < r.sample_cpu_seconds.size() ? r.sample_cpu_seconds[i] : r.sample_seconds[i]) * 1e9);
  }
  const SampleCounters counters = sample_counters(r);
  struct Aggregate {
    const char* name;
    const char* unit;
    std::function<double(std::span<const double>)> statistic;
  };
  const Aggregate aggregates[] = {
      {"mean", "time", [](std::span<const double> xs) { return mean(xs); }},
      {"median", "time", [](std::span<const double> xs) { return median(xs); }},
      {"stddev", "time", [](std::span<const double> xs) { return stddev(xs); }},
      {"cv", "percentage", coefficient_of_variation},
  };
  for (const auto& a : aggregates) {
    ojson e = entry_head(r.name + "_" + a.name, r, family_index);
    e["run_type"] = "aggregate";
    e["repetitions"] = n;
    e["threads"] = 1;
    e["aggregate_name"] = a.name;
    e["aggregate_unit"] = a.unit;
    e["iterations"] = n;
    add_times(e, a.statistic(real_ns), a.statistic(cpu_ns));
    if (!counters.bytes_per_second.empty())
      e["bytes_per_second"] = a.statistic(counters.bytes_per_second);
    if (!counters.flops_per_second.empty())
      e["flops_per_second"] = a.statistic(counters.flops_per_second);
    out.push_back(std::move(e));
  }
}

// GB cannot hold a record without timings, so it becomes one zero-time error entry.
void append_untimed(ojson& out, const BenchmarkRecord& r, std::size_t family_index) {
  ojson e = entry_head(r.name, r, family_index);
  e["run_type"] = "iteration";
  e["repetitions"] = 0;
  e["repetition_index"] = 0;
  e["threads"] = 1;
  add_error(e, r);
  e["iterations"] = 0;
  add_times(e, 0.0, 0.0);
  out.push_back(std::move(e));
}

}  // namespace

ojson gbench_context(const ResultFile& f) {
  ojson c = ojson::object();
  c["date"] = f.run.started_utc;
  c["host_name"] = f.host.hostname;
  c["executable"] = "ridgeline";
  c["num_cpus"] = f.host.cpus;
  const double mhz = f.device.clock_mhz;
  c["mhz_per_cpu"] =
      f.device.backend == "cpu" && std::isfinite(mhz) ? static_cast<long long>(mhz) : 0;
  // Google Benchmark's meaning: a governor other than "performance" lets the clock move.
  const std::string& governor = f.run.host_at_start.cpu_governor;
  c["cpu_scaling_enabled"] = !governor.empty() && governor != "performance";
  c["cpu_frequency_governor"] = governor.empty() ? ojson(nullptr) : ojson(governor);
  c["caches"] = ojson::array();
  for (const auto& cache : f.device.caches) {
    ojson e = ojson::object();
    e["type"] = gbench_cache_type(cache.type);
    e["level"] = cache.level;
    e["size"] = cache.size_bytes;
    e["num_sharing"] = cache.shared_by;
    c["caches"].push_back(std::move(e));
  }
  c["load_avg"] = f.run.host_at_start.load_avg;  // when the run started, as GB records it
  c["library_build_type"] = "release";
  c["json_schema_version"] = kGbenchJsonSchemaVersion;
  return c;
}

ojson gbench_benchmarks(const ResultFile& f) {
  ojson out = ojson::array();
  for (std::size_t i = 0; i < f.benchmarks.size(); ++i) {
    const BenchmarkRecord& r = f.benchmarks[i];
    if (r.sample_seconds.empty()) {
      append_untimed(out, r, i);
      continue;
    }
    append_iterations(out, r, i);
    if (r.status == BenchStatus::ok && r.sample_seconds.size() >= 2) append_aggregates(out, r, i);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Import
namespace {

using namespace json_fields;

double seconds_per_unit(const std::string& unit, const std::string& path) {
  if (unit == "ns") return 1e-9;
  if (unit == "us") return 1e-6;
  if (unit == "ms") return 1e-3;
  if (unit == "s") return 1.0;
  fail(path, "must be one of ns, us, ms, s (got " + quoted_excerpt(unit) + ")");
}

void read_context(const json& doc, ResultFile& out) {
  const json* context = Fields(doc, "").find("context", Need::optional);
  if (!context) return;
  const Fields c(*context, "context");
  c.read("date", out.run.started_utc);
  c.read("host_name", out.host.hostname);
  c.read("executable", out.run.command_line);
  c.read("num_cpus", out.host.cpus, 0);
  c.read("mhz_per_cpu", out.device.clock_mhz);
  c.read("library_build_type", out.tool.build_type);
  c.read("load_avg", out.run.host_at_start.load_avg);
  const json* caches = c.find("caches", Need::optional);
  if (!caches) return;
  if (!caches->is_array()) fail(c.path("caches"), "must be an array");
  for (std::size_t i = 0; i < caches->size(); ++i) {
    const Fields e((*caches)[i], element_path(c.path("caches"), i));
    CacheLevel& level = out.device.caches.emplace_back();
    e.read("type", level.type);
    std::transform(level.type.begin(), level.type.end(), level.type.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    e.read("level", level.level, 0);
    e.read("size", level.size_bytes);
    e.read("num_sharing", level.shared_by, 0);
  }
}

void read_iteration(const Fields& e, BenchmarkRecord& r, ResultFile& out) {
  int repetitions = 0;
  e.read("repetitions", repetitions, 0);
  out.run.repetitions = std::max(out.run.repetitions, repetitions);

  bool error = false;
  e.read("error_occurred", error);
  if (error) {
    r.status = BenchStatus::failed;
    e.read("error_message", r.reason);
    return;  // an errored run's timings measure nothing
  }
  std::string unit = "ns";
  e.read("time_unit", unit);
  const double scale = seconds_per_unit(unit, e.path("time_unit"));
  double real = 0;
  e.read("real_time", real, Need::required);
  double cpu = real;
  e.read("cpu_time", cpu);
  int iterations = 1;
  e.read("iterations", iterations, 0);
  r.calls_per_sample = std::max(iterations, 1);
  r.sample_seconds.push_back(real * scale);
  r.sample_cpu_seconds.push_back(cpu * scale);
  // Counters (bytes_per_second, ... possibly null where GB wrote NaN) are not carried:
  // a plain GB file declares no work per call, so rates stay undefined.
}

}  // namespace

ResultFile result_file_from_gbench(const json& doc) {
  ResultFile out;
  out.kind = FileKind::gbench;
  out.run.status = RunStatus::complete;
  read_context(doc, out);

  const json& entries = *Fields(doc, "").find("benchmarks", Need::required);
  if (!entries.is_array()) fail("benchmarks", "must be an array");
  std::unordered_map<std::string, std::size_t> record_of;  // run_name -> index, first-seen order
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Fields e(entries[i], element_path("benchmarks", i));
    std::string run_type = "iteration";  // GB before 1.4 wrote no run_type
    e.read("run_type", run_type);
    if (run_type == "aggregate") continue;
    if (run_type != "iteration")
      fail(e.path("run_type"),
           "must be iteration or aggregate (got " + quoted_excerpt(run_type) + ")");
    std::string name;
    e.read("name", name, Need::required);
    e.read("run_name", name);
    const auto [it, added] = record_of.try_emplace(name, out.benchmarks.size());
    if (added) out.benchmarks.emplace_back().name = name;
    read_iteration(e, out.benchmarks[it->second], out);
  }
  return out;
}

}  // namespace ridgeline
