// Google Benchmark's JSON layout (as 1.7.1 writes it), both directions: the "context" and
// "benchmarks" keys derived from a ResultFile so GB tools (compare.py) read ridgeline files,
// and a plain GB file read back as a ResultFile.
#pragma once

#include <nlohmann/json.hpp>

#include "results/result_model.hpp"

namespace ridgeline {

inline constexpr int kGbenchJsonSchemaVersion = 1;

nlohmann::ordered_json gbench_context(const ResultFile& f);
// One "iteration" entry per sample plus mean/median/stddev/cv aggregates for records that
// are ok and have >= 2 samples; a record without samples becomes one error entry.
nlohmann::ordered_json gbench_benchmarks(const ResultFile& f);

// A plain GB document (no "ridgeline" key) as a ResultFile of kind "gbench": one record per
// run_name, samples from the "iteration" entries, aggregates ignored. Throws
// ResultFieldError naming the JSON path of a bad field.
ResultFile result_file_from_gbench(const nlohmann::json& doc);

}  // namespace ridgeline
