// The result file as C++ data. A measured run and a chip datasheet are the same kind
// of object; see result_writer.hpp for the JSON layout and result_reader.hpp for
// validation. Schema: ridgeline.schema_version (semver), independent of Google
// Benchmark's context.json_schema_version (always 1).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
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

struct DatasheetSource {
  std::string id;  // referenced from Datasheet::field_sources, e.g. "nvidia-h100-datasheet"
  std::string title;
  std::string url;  // empty when the source is not online (a printed brief, a talk)
};

// What a vendor or a report says a chip can do: no measurement. Unknown stays absent
// (never guessed); every number present names its sources in field_sources.
struct Datasheet {
  std::string id;  // "nvidia-h20": what chip:<id> refers to
  std::string vendor;
  std::string name;
  std::optional<int> year;
  std::string confidence;   // "vendor", "report" or "rumour"
  std::string memory_type;  // "HBM3", "GDDR6", ...
  std::optional<double> memory_gb;
  std::optional<double> memory_bandwidth_tbps;  // 1e12 bytes/s
  // Dense peak per dtype in TFLOPS (TOPS for int8): fp64 and fp32 are vector-unit rates,
  // tf32/fp16/bf16/fp8/int8/fp4 matrix-unit rates. A dtype not listed is unknown.
  std::map<std::string, double> peak_tflops;
  std::string interconnect;                 // "NVLink 4", "HCCS", "PCIe 5.0 x16"
  std::optional<double> interconnect_gbps;  // aggregate bidirectional scale-up GB/s
  std::optional<double> tdp_w;
  std::optional<double> die_area_mm2;
  std::vector<DatasheetSource> sources;
  // Field path ("memory_bandwidth_tbps", "peak_tflops.bf16", ...) -> source ids.
  std::map<std::string, std::vector<std::string>> field_sources;
  std::string notes;
};

// The dtypes a datasheet may list under peak_tflops, widest first, and the confidences
// it may state.
inline constexpr std::string_view kDatasheetDtypes[] = {"fp64", "fp32", "tf32", "fp16",
                                                        "bf16", "fp8",  "int8", "fp4"};
inline constexpr std::string_view kDatasheetConfidences[] = {"vendor", "report", "rumour"};

struct ResultFile {
  std::string schema_version = kResultSchemaVersion;
  std::string kind = "run";  // "run", "datasheet", or "gbench" (a plain Google Benchmark file)
  ToolInfo tool;
  HostInfo host;
  RunInfo run;
  DeviceInfo device;
  std::vector<BenchmarkRecord> benchmarks;
  std::optional<Datasheet> datasheet;  // present exactly when kind == "datasheet"
};

}  // namespace ridgeline
