// A workload projection as one JSON object (project --format json): the same numbers as
// the tables of projection_table.hpp at full precision, in SI base units (seconds,
// bytes, FLOP/s, bytes/s), for scripts.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "report/projection_table.hpp"

namespace ridgeline {

std::string llm_projection_json(const LlmProjectionRequest& request,
                                std::span<const ProjectionTarget> targets);

std::string gemm_projection_json(const ProjectedGemm& shape, std::string_view dtype,
                                 double element_bytes, std::span<const ProjectionTarget> targets);

}  // namespace ridgeline
