// The result file as C++ data. A measured run and a chip datasheet are the same kind
// of object; see result_writer.hpp for the JSON layout and result_reader.hpp for
// validation. Schema: ridgeline.schema_version (semver), independent of Google
// Benchmark's context.json_schema_version (always 1).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/device.hpp"
#include "core/verification.hpp"

namespace ridgeline {

inline constexpr const char* kResultSchemaVersion = "1.0.0";
inline constexpr int kResultSchemaMajor = 1;

enum class BenchStatus { ok, failed, skipped };
enum class RunStatus { incomplete, complete, interrupted };

std::string_view to_string(BenchStatus s);
std::string_view to_string(RunStatus s);
std::optional<BenchStatus> parse_bench_status(std::string_view s);
std::optional<RunStatus> parse_run_status(std::string_view s);

struct BenchmarkRecord {
  std::string name;    // "<kernel>/<dtype>[/<param>:<value>]": no backend, no device
  std::string family;  // "memory", "compute", "intensity"
  std::string kernel;
  std::string dtype;
  std::uint64_t elements = 0;                 // per call (per array for memory kernels)
  std::uint64_t array_bytes = 0;              // bytes of one array, 0 for compute kernels
  double bytes_per_call = 0;                  // declared loads + stores, see the catalogue
  double flops_per_call = 0;                  // declared arithmetic, a multiply-add = 2
  std::string unit;                           // "GB/s", "GFLOP/s" or "GOP/s"
  std::map<std::string, std::string> params;  // kernel parameters and configuration
  BenchStatus status = BenchStatus::ok;
  std::string reason;  // why failed or skipped; empty when ok
  Verification verification;
  int calls_per_sample = 1;                // kernel calls timed together for one sample
  std::vector<double> sample_seconds;      // seconds per call, one per repetition
  std::vector<double> sample_cpu_seconds;  // host CPU seconds per call, same order

  // Rate of one sample in `unit` (1e9 bytes or ops per second); 0 when undefined.
  double rate(double seconds) const;
  double median_seconds() const;  // 0 when there are no samples
  double median_rate() const;     // the headline number
};

struct ToolInfo {
  std::string version;
  std::string git_sha;
  std::string compiler;
  std::string flags;
  std::string build_type;
};

struct HostInfo {
  std::string hostname;
  std::string os;
  std::string kernel;
  int cpus = 0;
};

struct RunInfo {
  RunStatus status = RunStatus::incomplete;
  std::string started_utc;   // ISO 8601
  std::string finished_utc;  // empty until the run ends
  std::string suite;
  int repetitions = 0;
  std::string command_line;
};

struct ResultFile {
  std::string schema_version = kResultSchemaVersion;
  std::string kind = "run";  // "run" or "datasheet"
  ToolInfo tool;
  HostInfo host;
  RunInfo run;
  DeviceInfo device;
  std::vector<BenchmarkRecord> benchmarks;
};

}  // namespace ridgeline
