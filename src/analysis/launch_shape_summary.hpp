// The launch-shape view of a `--suite full` run: per memory kernel and dtype that ran in
// more than its default shape, the default's bandwidth, the best shape's and which shape
// that was (as the backend recorded it). Only passed benchmarks count.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "results/result_model.hpp"

namespace ridgeline {

struct LaunchShapeRow {
  std::string kernel;
  std::string dtype;
  std::optional<double> default_gbps;  // the kernel's benchmark without a sweep mark
  double best_gbps = 0;
  std::string best_benchmark;  // the name it came from ("triad/fp32/unroll:2")
  // The best shape as recorded (param_keys::kAccessBytes ... kThreadsPerBlock); a key the
  // backend did not record is absent.
  std::optional<double> access_bytes, unroll, blocks_per_sm, threads_per_block;
  int shapes = 0;  // shapes measured, the default included
};

// Rows in the order the kernels first appear; empty when the run swept no shape.
std::vector<LaunchShapeRow> launch_shape_summary(const ResultFile& run);

}  // namespace ridgeline
