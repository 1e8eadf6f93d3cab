// Terminal tables of a workload projection: the ceilings used per input (and whether
// they were measured or come from a datasheet), then the time of each phase per input.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "analysis/projection.hpp"
#include "report/table_document.hpp"

namespace ridgeline {

// One machine a workload is projected onto.
struct ProjectionTarget {
  std::string label;   // "H20"
  std::string origin;  // the path or chip:<id> given
  MachineCeilings ceilings;
  std::optional<double> memory_bytes;  // device memory when known, to flag what cannot fit
  std::string missing;       // why no projection is possible (empty when ceilings suffice)
  std::string carried_from;  // the run whose efficiency scaled a datasheet; empty: none
};

struct LlmProjectionRequest {
  LlmShape shape;
  std::string dtype;
  double element_bytes = 0;
  std::span<const int> batches;
};

ReportDocument llm_projection_document(const LlmProjectionRequest& request,
                                       std::span<const ProjectionTarget> targets);
std::string format_llm_projection(const LlmProjectionRequest& request,
                                  std::span<const ProjectionTarget> targets);

// The GEMM a projection is asked about (whole numbers, held as doubles for the model).
struct ProjectedGemm {
  double m = 0, n = 0, k = 0;
};

ReportDocument gemm_projection_document(const ProjectedGemm& shape, std::string_view dtype,
                                        double element_bytes,
                                        std::span<const ProjectionTarget> targets);
std::string format_gemm_projection(const ProjectedGemm& shape, std::string_view dtype,
                                   double element_bytes, std::span<const ProjectionTarget> targets);

// "datasheet x measured shares of nvidia-h200-sxm (an assumption)", "measured", "datasheet".
std::string ceilings_source(const MachineCeilings& m);

}  // namespace ridgeline
