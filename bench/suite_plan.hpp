// Which benchmarks a run performs: catalogue x device x dtype x size, as data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/backend.hpp"

namespace ridgeline {

enum class Suite { quick, standard, full };  // "quick", "default", "full" on the command line

std::optional<Suite> parse_suite(std::string_view name);
std::string_view to_string(Suite s);
// Repetitions per benchmark when the user does not set them.
int default_repetitions(Suite s);

struct PlannedCase {
  std::string name;  // "<kernel>/<dtype>[/<param>:<value>]"
  CaseSpec spec;
  std::uint64_t array_bytes = 0;  // bytes of one array, 0 for compute kernels
  // Parameters recorded with the result (param_keys: the intensity of a sweep point,
  // the working-set mark of a cache-sweep point, a GEMM's shape).
  Params params;
};

struct PlanRequest {
  Suite suite = Suite::standard;
  std::optional<std::uint64_t> array_bytes;  // --size: bytes per array
  // --operands of the matrix and gemm kernels, and the seed their random values come
  // from (a run draws a fresh one and records it).
  kernels::OperandMode operands = kernels::OperandMode::random;
  std::uint64_t operand_seed = 0;
};

// Every case of the suite the backend supports on this device, in catalogue order:
// memory kernels (with the backend's launch-shape variants in --suite full), the
// working-set sweeps of cache_read and chase (--suite full), host <-> device copies
// (default and full), compute peaks, the intensity sweep, matrix-unit peaks, then the
// vendor GEMM shapes.
std::vector<PlannedCase> plan_suite(const Backend& backend, const DeviceInfo& device,
                                    const PlanRequest& request);

// Message sizes S of the collectives per suite (nccl-tests' size axis): quick 64 KiB and
// 4 MiB; default 1 KiB to 64 MiB, x16; full 1 KiB to 1 GiB, x4.
std::vector<std::uint64_t> collective_message_bytes(Suite s);

// The collectives `transport` supports, each over the suite's message sizes, for `ranks`
// ranks: names "<collective>/<dtype>/bytes:<S>", messages rounded down to whole blocks.
std::vector<PlannedCase> plan_collectives(const Backend& transport, const DeviceInfo& device,
                                          Suite suite, int ranks);

// FMAs per element that give `flop_per_byte` for the in-place intensity kernel, in whole
// granules of the dtype (kernels::intensity_fma_granule).
IntensityParams intensity_for(double flop_per_byte, DType t);

// The working sets of the cache_read and chase sweeps on a device: from 16 KiB (inside
// every L1 data cache), doubling, to 4x its last-level cache (that point exact, in whole
// 4 KiB), so every level's end shows and the last points are DRAM.
std::vector<std::uint64_t> working_set_sweep(const DeviceInfo& device);

}  // namespace ridgeline
