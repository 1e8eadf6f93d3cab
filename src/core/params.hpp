// Named values that describe how a benchmark ran (threads, launch shape, GEMM algorithm,
// ...) or what a device is (driver, PCIe link, ...). A number stays a number from the
// backend to the JSON writer, which alone formats it; text is text.
#pragma once

#include <concepts>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace ridgeline {

class Param {
 public:
  Param() = default;
  Param(std::integral auto value) : value_(static_cast<std::int64_t>(value)) {}
  Param(double value) : value_(value) {}
  Param(std::string value) : value_(std::move(value)) {}
  Param(std::string_view value) : value_(std::string(value)) {}
  Param(const char* value) : value_(std::string(value)) {}

  bool is_text() const { return std::holds_alternative<std::string>(value_); }
  // The value as a number: numbers, and text that is exactly one (schema 1.0 files wrote
  // every parameter as text). nullopt otherwise.
  std::optional<double> number() const;
  // The value as text: text as it is, numbers in their shortest exact decimal form.
  std::string text() const;

  const std::variant<std::int64_t, double, std::string>& value() const { return value_; }
  bool operator==(const Param&) const = default;

 private:
  std::variant<std::int64_t, double, std::string> value_ = std::int64_t{0};
};

using Params = std::map<std::string, Param, std::less<>>;

// The number under `key`, when present and a number (see Param::number).
std::optional<double> number_param(const Params& params, std::string_view key);
// The text under `key`, when present.
std::optional<std::string> text_param(const Params& params, std::string_view key);

// Keys that one layer writes and another reads, spelled once.
namespace param_keys {
inline constexpr char kFormula[] = "formula";
// Intensity sweep points: the nominal intensity and the multiply-adds per element.
inline constexpr char kFlopPerByte[] = "flop_per_byte";
inline constexpr char kFmasPerElement[] = "fmas_per_element";
// Which sweep a benchmark belongs to. Working-set points (cache_read and chase over
// working sets from 16 KiB to 4x the last-level cache): kept out of the DRAM ceilings.
// Launch-shape variants of a memory kernel (--suite full): DRAM-sized, so they count.
inline constexpr char kSweep[] = "sweep";
inline constexpr char kWorkingSetSweep[] = "working_set";
inline constexpr char kLaunchShapeSweep[] = "launch_shape";
// A GPU memory kernel's launch shape, as its backend records and takes it (CaseSpec
// options): bytes per access, accesses in flight per thread, blocks per SM (the resolved
// count in a record), threads per block.
inline constexpr char kAccessBytes[] = "access_bytes";
inline constexpr char kUnroll[] = "unroll";
inline constexpr char kBlocksPerSm[] = "blocks_per_sm";
inline constexpr char kThreadsPerBlock[] = "threads_per_block";
// Host <-> device copies: the host memory ("pinned", "pageable") and the engine ("ce",
// "sm").
inline constexpr char kTransferHost[] = "host";
inline constexpr char kTransferEngine[] = "engine";
// GEMM shapes.
inline constexpr char kGemmM[] = "m";
inline constexpr char kGemmN[] = "n";
inline constexpr char kGemmK[] = "k";
inline constexpr char kGemmShapeClass[] = "shape";
// Collectives: what carried them ("mpi", "nccl", "rccl"), between how many ranks and
// which ("0-3"), nccl-tests' bus-bandwidth factor (busbw = rate x factor), and this rank's
// own median seconds per call inside the collective (the one the others wait for
// spends the least there).
inline constexpr char kTransport[] = "transport";
inline constexpr char kCollectiveRanks[] = "ranks";
inline constexpr char kCollectiveRankCount[] = "rank_count";
inline constexpr char kBusFactor[] = "bus_factor";
inline constexpr char kInCallSeconds[] = "in_call_seconds";
// Collectives: the message size S in bytes (also in the benchmark's name).
inline constexpr char kMessageBytes[] = "message_bytes";
// Every record of a sustained run: how many passes of the suite its samples came from.
inline constexpr char kPasses[] = "passes";
// How the record's physical_limit was derived (units, clocks, bus).
inline constexpr char kPhysicalLimitBasis[] = "physical_limit_basis";
// Matrix and GEMM operands: "random" (fresh full-entropy values) or "exact" integers.
inline constexpr char kOperands[] = "operands";
// How a GPU case was timed: held stream, or unheld events when launches serialise.
inline constexpr char kTiming[] = "timing";
}  // namespace param_keys

}  // namespace ridgeline
