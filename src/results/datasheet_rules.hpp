// What makes a datasheet trustworthy, checked once its fields are decoded: a known
// confidence, numbers that are positive where stated, peaks of known dtypes, sources
// with unique ids, and every stated number backed by field_sources naming them.
#pragma once

#include <string>
#include <vector>

#include "results/result_model.hpp"

namespace ridgeline {

// Throws ResultFieldError naming the field (paths below `path`, e.g. "ridgeline.datasheet").
void check_datasheet(const Datasheet& d, const std::string& path);

// The field paths of every number the datasheet states, as field_sources names them:
// "memory_bandwidth_tbps", "peak_tflops.bf16", ...
std::vector<std::string> stated_numbers(const Datasheet& d);

}  // namespace ridgeline
