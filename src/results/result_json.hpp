// nlohmann::json conversions for the result model: the "ridgeline" object of a result file.
// to_json is provided for both nlohmann::json and nlohmann::ordered_json (the writer keeps
// field order for humans); from_json validates every field it reads.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "core/device.hpp"
#include "core/verification.hpp"
#include "results/result_model.hpp"

namespace ridgeline {

// A field is missing, has the wrong type, is out of range or is not finite. what() starts
// with the field's JSON path, e.g. "ridgeline.benchmarks[3].samples_seconds[2] must be a
// finite number".
class ResultFieldError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::optional<Verdict> parse_verdict(std::string_view s);

void to_json(nlohmann::json& j, const CacheLevel& c);
void to_json(nlohmann::json& j, const DeviceInfo& d);
void to_json(nlohmann::json& j, const Verification& v);
void to_json(nlohmann::json& j, const BenchmarkRecord& r);
void to_json(nlohmann::json& j, const ToolInfo& t);
void to_json(nlohmann::json& j, const HostInfo& h);
void to_json(nlohmann::json& j, const RunInfo& r);
void to_json(nlohmann::json& j, const DatasheetSource& s);
void to_json(nlohmann::json& j, const Datasheet& d);
void to_json(nlohmann::json& j, const ResultFile& f);

void to_json(nlohmann::ordered_json& j, const CacheLevel& c);
void to_json(nlohmann::ordered_json& j, const DeviceInfo& d);
void to_json(nlohmann::ordered_json& j, const Verification& v);
void to_json(nlohmann::ordered_json& j, const BenchmarkRecord& r);
void to_json(nlohmann::ordered_json& j, const ToolInfo& t);
void to_json(nlohmann::ordered_json& j, const HostInfo& h);
void to_json(nlohmann::ordered_json& j, const RunInfo& r);
void to_json(nlohmann::ordered_json& j, const DatasheetSource& s);
void to_json(nlohmann::ordered_json& j, const Datasheet& d);
void to_json(nlohmann::ordered_json& j, const ResultFile& f);

// All throw ResultFieldError; paths are relative to `j`.
void from_json(const nlohmann::json& j, CacheLevel& c);
void from_json(const nlohmann::json& j, DeviceInfo& d);
void from_json(const nlohmann::json& j, Verification& v);
void from_json(const nlohmann::json& j, BenchmarkRecord& r);
void from_json(const nlohmann::json& j, ToolInfo& t);
void from_json(const nlohmann::json& j, HostInfo& h);
void from_json(const nlohmann::json& j, RunInfo& r);
void from_json(const nlohmann::json& j, DatasheetSource& s);
// Checks what makes a datasheet trustworthy: a known confidence, sources with unique ids,
// and every number present backed by field_sources naming existing sources.
void from_json(const nlohmann::json& j, Datasheet& d);
// kind "datasheet" requires `datasheet` (and device.id "chip:<datasheet.id>"); other kinds
// must not carry one.
void from_json(const nlohmann::json& j, ResultFile& f);

// from_json for a whole "ridgeline" object with error paths prefixed by `path`. Does not
// judge schema_version or kind: the reader does, because those are "not comparable", not
// "invalid".
ResultFile result_file_from_json(const nlohmann::json& j, const std::string& path);

}  // namespace ridgeline
