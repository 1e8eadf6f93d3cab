// Judging a fleet: many result files of one suite, one per device (the ranks of an srun
// or mpirun, the devices of `run --device cuda:all`), each device against its siblings,
// the best of them and its datasheet. Computation only: words, tables and exit codes
// belong to report/ and cli/.
//
// Per benchmark and device kind (devices are judged against devices of the same name):
// the fleet median, the best device, the median absolute deviation (MAD), and per device
// its rate / median, rate / best and robust z = 0.6745 (rate - median) / MAD (Iglewicz and
// Hoaglin's modified z-score), with the MAD taken as at least 2% of the median so near-
// identical devices do not turn their noise into outliers (at the cut of 3.5 an outlier
// is then at least 10.4% below the median). A device is SLOW on a benchmark when it is
// more than `tolerance` below the best device (gpu-fryer's rule) or its z is below
// -mad_cut (3.5, their cut; needs 3 or more devices).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/sustained_drift.hpp"
#include "core/units.hpp"
#include "results/result_model.hpp"

namespace ridgeline {

struct FleetOptions {
  double tolerance = 0.10;  // below (1 - tolerance) x the best device is SLOW
  double mad_cut = 3.5;     // robust z below -mad_cut is SLOW
  // A device whose best bandwidth, or best compute rate of a dtype, is below floor x its
  // datasheet's is SLOW; unset: no floor.
  std::optional<double> floor;
  // Sustained runs: a rate that falls by more than this from the first window to the
  // last is SLOW ("degrades").
  double max_drift = 0.05;
};

// The MAD is taken as at least this share of the median.
inline constexpr double kMadFloorShare = 0.02;
// Robust z needs this many devices; with fewer only the tolerance judges.
inline constexpr std::size_t kMinDevicesForMad = 3;

// Worst first when ranked: FAILED > MISSING > SLOW > PASS.
enum class DeviceVerdict { pass, slow, missing, failed };
std::string_view to_string(DeviceVerdict v);  // "PASS", "SLOW", "MISSING", "FAILED"
int severity(DeviceVerdict v);

// One device of the fleet: a result file, or a rank its job expected that sent none.
struct FleetMember {
  std::string source;              // the file it was read from; empty for a missing rank
  std::optional<ResultFile> file;  // absent for a missing rank
  std::optional<int> rank;
  std::optional<int> world_size;
  std::string job_id;
  std::string node;       // host name; empty when unknown (a missing rank)
  std::string device_id;  // "cuda:1"
  std::string device_name;
  // "r2 vm cpu:0", "vm cuda:1", "r3 (no file)": for reasons and pictures.
  std::string label() const;
};

// A member per file, then one per rank that a job (files sharing job_id and world size)
// expected but no file came from, in rank order.
std::vector<FleetMember> fleet_members(std::vector<std::pair<std::string, ResultFile>> files);

struct DeviceValue {
  std::size_t member = 0;
  double rate = 0;  // median rate of the benchmark on this device
  double ratio_to_median = 0;
  double ratio_to_best = 0;
  std::optional<double> robust_z;  // with kMinDevicesForMad devices or more
  bool below_best = false;         // rate < (1 - tolerance) x best
  bool outlier = false;            // robust z < -mad_cut
  bool slow() const { return below_best || outlier; }
};

// One benchmark over the devices of one kind.
struct BenchmarkSpread {
  std::string benchmark;
  std::string device_name;
  RateUnit unit = RateUnit::gigabytes;
  double median = 0;
  double best = 0;
  double worst = 0;
  double mad = 0;                   // unscaled, in the rate's unit
  std::vector<DeviceValue> values;  // member order
};

// A ceiling compared with the device's datasheet under --floor.
struct FloorCheck {
  std::size_t member = 0;
  std::string chip_id;
  std::string ceiling;  // "memory bandwidth", "fp32 compute"
  std::string benchmark;
  RateUnit unit = RateUnit::gigabytes;
  double measured = 0;
  double datasheet = 0;
  bool below = false;  // measured < floor x datasheet
};

struct DriftCheck {
  std::size_t member = 0;
  std::string benchmark;
  Drift drift;
  bool degrades = false;  // change < -max_drift
};

// A collective benchmark over the ranks that ran it.
struct CollectiveFinding {
  std::string benchmark;
  std::string transport;  // "mpi", "nccl", "rccl"
  std::string ranks;      // "0-3" as the ranks recorded it
  std::size_t members = 0;
  double algbw = 0;  // GB/s, median over the ranks' files
  double busbw = 0;  // algbw x bus factor
  // The rank the others waited for: the least time inside the calls. Known when three or
  // more ranks recorded their time inside the calls, for the symmetric collectives (a
  // broadcast's root leaves first by design).
  std::optional<std::size_t> straggler;
  // How much longer than the straggler the median other rank spent inside each call, as
  // a share of the call's time: what the others lose waiting for it.
  double lateness = 0;
  // Its time inside the calls by the same robust z as a benchmark's rates: only a rank
  // set apart from the spread of the others is a straggler, not one that was merely
  // descheduled once on an oversubscribed node.
  std::optional<double> robust_z;
  bool slow = false;  // lateness > tolerance and robust z < -mad_cut
};

enum class ReasonKind {
  no_file,            // a rank of the job sent no file
  run_incomplete,     // the file says the run never ended (killed, crashed)
  missing_benchmark,  // the fleet measured it, this device did not
  failed_benchmark,   // failed or skipped on this device
  slow_benchmark,     // below best or an outlier
  below_floor,        // a ceiling under floor x datasheet
  degrades,           // sustained: fell from first to last window
  straggler,          // the others waited for it in a collective
};

// Why a device got its verdict; the numbers are copied in, so a reason stands alone.
struct VerdictReason {
  ReasonKind kind = ReasonKind::slow_benchmark;
  std::string benchmark;                        // or the ceiling, for below_floor
  std::string detail;                           // a failure's reason, a job id
  std::optional<DeviceValue> value;             // slow_benchmark
  std::optional<FloorCheck> floor;              // below_floor
  std::optional<DriftCheck> drift;              // degrades
  std::optional<CollectiveFinding> collective;  // straggler
};

struct DeviceFinding {
  std::size_t member = 0;
  DeviceVerdict verdict = DeviceVerdict::pass;
  std::vector<VerdictReason> reasons;
  // Lowest rate / median and rate / best over the benchmarks it was judged on.
  std::optional<double> worst_ratio_to_median;
  std::optional<double> worst_ratio_to_best;
  std::optional<int> throttle_events;  // sustained runs with a trace
};

struct NodeFinding {
  std::string node;  // "" for ranks whose node is unknown
  DeviceVerdict verdict = DeviceVerdict::pass;
  std::vector<std::size_t> members;
};

struct FleetJudgement {
  FleetOptions options;
  std::vector<FleetMember> members;
  std::vector<BenchmarkSpread> benchmarks;
  std::vector<FloorCheck> floors;
  std::vector<DriftCheck> drifts;
  std::vector<CollectiveFinding> collectives;
  std::vector<DeviceFinding> devices;  // one per member, member order
  std::vector<NodeFinding> nodes;
  std::vector<std::string> notes;  // what could not be judged, one phrase each
  DeviceVerdict overall() const;   // the worst device verdict
};

// The datasheet file (kind "datasheet") of a device's chip, when one matches.
using DatasheetLookup = std::function<std::optional<ResultFile>(const DeviceInfo&)>;

// `members` as fleet_members() makes them.
FleetJudgement judge_fleet(std::vector<FleetMember> members, const FleetOptions& options,
                           const DatasheetLookup& datasheet_for);

}  // namespace ridgeline
