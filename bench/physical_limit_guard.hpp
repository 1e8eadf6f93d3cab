// The harness's physical-limit guard: a benchmark whose fastest sample beats what the
// device can physically do (backend.hpp PhysicalLimits) fails with the reason instead of
// printing the number. Every backend's limits go through this one check.
#pragma once

#include <optional>
#include <string>

#include "backends/backend.hpp"
#include "results/result_model.hpp"

namespace ridgeline {

// The best rate, in the record's unit, that its declared work per call allows: one call
// needs at least max(operations / operations_per_second, bytes / bytes_per_second, loads /
// loads_per_second) seconds, over the limits that are known and the work it declares (the
// loads only for a latency, whose best is the smallest time per load). Absent when no
// limit applies.
std::optional<double> physical_rate_limit(const BenchmarkRecord& record,
                                          const PhysicalLimits& limits);

// "exceeds the physical limit (...)" when the record's fastest sample is faster than
// `limit` (in the record's unit; "is below ..." for a latency under its limit); empty when
// it is not.
std::optional<std::string> physical_limit_violation(const BenchmarkRecord& record, double limit,
                                                    const std::string& basis);

}  // namespace ridgeline
