// The "ridgeline" object of a result file: the ResultFile as JSON and back. Every field
// is described once (result_json.cpp), and encoding and decoding both follow that
// description; decoding validates every field it reads.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "results/result_model.hpp"

namespace ridgeline {

// A field is missing, has the wrong type, is out of range or is not finite. what() starts
// with the field's JSON path, e.g. "ridgeline.benchmarks[3].samples_seconds[2] must be a
// finite number".
class ResultFieldError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Field order as described, for humans reading the file.
nlohmann::ordered_json result_file_to_json(const ResultFile& f);

// The whole "ridgeline" object, with error paths prefixed by `path`. Throws
// ResultFieldError. Does not judge schema_version or kind before decoding: the reader
// does, because those are "not comparable", not "invalid".
ResultFile result_file_from_json(const nlohmann::json& j, const std::string& path);

}  // namespace ridgeline
