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

#include "core/catalogue.hpp"
#include "core/device.hpp"
#include "core/dtype.hpp"
#include "core/hardware_trace.hpp"
#include "core/params.hpp"
#include "core/placement.hpp"
#include "core/run_conditions.hpp"
#include "core/units.hpp"
#include "core/verification.hpp"

namespace ridgeline {

// 1.1: typed enums and numeric parameters, run conditions (clocks under load), the
// physical-limit guard and the peak per MHz. 1.2: the run's self-check warnings, the
// host's load and CPU frequency governor, the planned benchmark count, and per benchmark
// its wall time and how busy the host was. 1.3: the families "transfer" and "latency",
// the unit "ns/load" (a latency: its `rate` is nanoseconds per load, lower is better) and
// the sweep marks of working sets and launch shapes. 1.4: the fleet placement (rank, node,
// launcher), sustained runs (duration, passes, sample end times, the hardware trace).
// Readers accept every 1.x file.
inline constexpr const char* kResultSchemaVersion = "1.4.0";
inline constexpr int kResultSchemaMajor = 1;

enum class BenchStatus { ok, failed, skipped };
enum class RunStatus { incomplete, complete, interrupted };
// "run": measured by ridgeline; "datasheet": a chip's published numbers; "gbench": a
// plain Google Benchmark file (no declared work, so compared by time).
enum class FileKind { run, datasheet, gbench };
// What a run's self-check found (analysis/run_checks.hpp): a number to distrust.
enum class WarningKind { above_peak, fits_in_cache, noisy, busy_host, frequency_scaling };

std::string_view to_string(BenchStatus s);
std::string_view to_string(RunStatus s);
std::string_view to_string(FileKind k);
std::string_view to_string(WarningKind k);
std::optional<BenchStatus> parse_bench_status(std::string_view s);
std::optional<RunStatus> parse_run_status(std::string_view s);
std::optional<FileKind> parse_file_kind(std::string_view s);

struct BenchmarkRecord {
  std::string name;  // "<kernel>/<dtype>[/<param>:<value>]": no backend, no device
  // Absent in plain Google Benchmark files, which declare no kernel.
  std::optional<Family> family;
  std::string kernel;
  std::optional<DType> dtype;
  // Per call: per array for memory, transfer and intensity kernels (of the working set
  // for cache_read), dependent loads for latency kernels, multiply-adds for the others.
  std::uint64_t elements = 0;
  std::uint64_t array_bytes = 0;  // bytes of one array, 0 for compute kernels
  double bytes_per_call = 0;      // declared loads + stores, see the catalogue
  double flops_per_call = 0;      // declared arithmetic, a multiply-add = 2
  std::optional<RateUnit> unit;   // absent where no work is declared (plain GB files)
  Params params;                  // kernel parameters and configuration
  BenchStatus status = BenchStatus::ok;
  std::string reason;  // why failed or skipped; empty when ok
  Verification verification;
  int calls_per_sample = 1;                // kernel calls timed together for one sample
  std::vector<double> sample_seconds;      // seconds per call, one per repetition
  std::vector<double> sample_cpu_seconds;  // host CPU seconds per call, same order
  // Sustained runs (run --duration): seconds since the run started at which each sample
  // ended, same order; empty otherwise.
  std::vector<double> sample_end_seconds;
  // The device's peak rate for this kernel and dtype per MHz of core clock (in `unit`),
  // so "% of peak at the observed clock" can be computed; absent where unknown.
  std::optional<double> peak_per_mhz;
  // The highest rate the device can physically reach for this kernel (in `unit`): a
  // measured rate above it failed the benchmark instead of being reported.
  std::optional<double> physical_limit;
  std::optional<RunConditions> conditions;
  // Seconds from the first call into the backend to the end of verification: what the
  // benchmark cost, for estimates of later runs; absent where not recorded (before 1.2).
  std::optional<double> wall_seconds;
  // The share (0..1) of the host's CPU time that other processes used while the benchmark
  // ran (/proc/stat less this process's own CPU time); absent where unknown.
  std::optional<double> host_busy_share;

  // Rate of one sample in `unit` (1e9 bytes or ops per second; for a latency, the
  // nanoseconds per load, elements being the loads of one call); 0 when undefined.
  double rate(double seconds) const;
  double median_seconds() const;  // 0 when there are no samples
  double median_rate() const;     // the headline number
  bool operator==(const BenchmarkRecord&) const = default;
};

struct ToolInfo {
  std::string version;
  std::string git_sha;
  std::string compiler;
  std::string flags;
  std::string build_type;
  bool operator==(const ToolInfo&) const = default;
};

struct HostInfo {
  std::string hostname;
  std::string os;
  std::string kernel;
  int cpus = 0;
  bool operator==(const HostInfo&) const = default;
};

// What the host was doing at one moment of a run.
struct HostState {
  std::vector<double> load_avg;  // 1, 5 and 15 minute load averages; empty: unknown
  // The cores' cpufreq scaling governor ("performance", "powersave"); several differing
  // ones are listed "a, b"; empty where the host does not say (many VMs).
  std::string cpu_governor;
  bool operator==(const HostState&) const = default;
};

struct RunInfo {
  RunStatus status = RunStatus::incomplete;
  std::string started_utc;   // ISO 8601
  std::string finished_utc;  // empty until the run ends
  std::string suite;
  int repetitions = 0;
  std::string command_line;
  // Sustained runs: the duration asked for (run --duration) and how many times the
  // suite ran in it; a plain run makes one pass and has no duration.
  std::optional<double> duration_seconds;
  int passes = 1;
  int planned_benchmarks = 0;  // what the run set out to measure; 0: unknown (before 1.2)
  HostState host_at_start;
  HostState host_at_end;  // recorded when the run ends (complete or interrupted)
  bool operator==(const RunInfo&) const = default;
};

struct DatasheetSource {
  std::string id;  // referenced from Datasheet::field_sources, e.g. "nvidia-h100-datasheet"
  std::string title;
  std::string url;  // empty when the source is not online (a printed brief, a talk)
  bool operator==(const DatasheetSource&) const = default;
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
  bool operator==(const Datasheet&) const = default;
};

// The dtypes a datasheet may list under peak_tflops, widest first, and the confidences
// it may state.
inline constexpr std::string_view kDatasheetDtypes[] = {"fp64", "fp32", "tf32", "fp16",
                                                        "bf16", "fp8",  "int8", "fp4"};
inline constexpr std::string_view kDatasheetConfidences[] = {"vendor", "report", "rumour"};

// One self-check finding, printed with the run's table and kept in its file.
struct RunWarning {
  WarningKind kind = WarningKind::noisy;
  std::vector<std::string> benchmarks;  // the benchmarks it is about; empty: the whole run
  std::string message;                  // one line, for people
  bool operator==(const RunWarning&) const = default;
};

struct ResultFile {
  std::string schema_version = kResultSchemaVersion;
  FileKind kind = FileKind::run;
  ToolInfo tool;
  HostInfo host;
  RunInfo run;
  DeviceInfo device;
  std::vector<BenchmarkRecord> benchmarks;
  std::vector<RunWarning> warnings;    // the self-check's, set when the run ends
  std::optional<Datasheet> datasheet;  // present exactly when kind == datasheet
  // Rank, node and launcher when the run was one of a fleet (srun, mpirun, --device
  // cuda:all); absent for a plain run.
  std::optional<Placement> placement;
  // Sustained runs: the device's clocks, power, temperature and throttling over time.
  std::optional<HardwareTrace> trace;
  bool operator==(const ResultFile&) const = default;
};

}  // namespace ridgeline
