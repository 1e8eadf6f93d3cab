#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "results/result_reader.hpp"
#include "results/result_writer.hpp"
#include "results_test_support.hpp"

namespace ridgeline {
namespace {

using nlohmann::json;
using testing::TempDir;

std::string valid_text() {
  ResultFile f = testing::sample_header();
  f.run.status = RunStatus::complete;
  f.benchmarks = {testing::sample_memory_record(), testing::sample_compute_record(),
                  testing::sample_skipped_record()};
  return serialize_result(f);
}

// The error a text must produce; its message must be one line starting with the origin.
LoadError expect_error(const LoadResult& result, LoadError::Kind kind, const std::string& fragment,
                       const std::string& origin = "x.json") {
  const auto* err = std::get_if<LoadError>(&result);
  if (!err) {
    ADD_FAILURE() << "loaded without error";
    return {};
  }
  EXPECT_EQ(to_string(err->kind), to_string(kind)) << err->message;
  EXPECT_EQ(err->message.rfind(origin + ": ", 0), 0u) << err->message;
  EXPECT_NE(err->message.find(fragment), std::string::npos) << err->message;
  EXPECT_EQ(err->message.find('\n'), std::string::npos) << err->message;
  return *err;
}

LoadResult parse(const std::string& text) { return parse_result_text(text, "x.json"); }

std::string edited(const std::function<void(json&)>& edit) {
  json doc = json::parse(valid_text());
  edit(doc);
  return doc.dump();
}

TEST(ResultReader, ReadsWhatTheWriterWrote) {
  const LoadResult r = parse(valid_text());
  ASSERT_TRUE(std::holds_alternative<ResultFile>(r)) << std::get<LoadError>(r).message;
  EXPECT_EQ(std::get<ResultFile>(r).benchmarks.size(), 3u);
}

TEST(ResultReader, MissingFileIsUnreadable) {
  TempDir dir;
  const auto path = dir / "absent.json";
  expect_error(load_result_file(path), LoadError::Kind::unreadable, "No such file", path.string());
}

TEST(ResultReader, DirectoryIsUnreadable) {
  TempDir dir;
  expect_error(load_result_file(dir.path()), LoadError::Kind::unreadable, "directory",
               dir.path().string());
}

TEST(ResultReader, EmptyFileIsInvalid) {
  TempDir dir;
  const auto path = dir / "empty.json";
  testing::write_text(path, "");
  expect_error(load_result_file(path), LoadError::Kind::invalid, "empty", path.string());
  expect_error(parse(" \n\t"), LoadError::Kind::invalid, "empty");
}

TEST(ResultReader, TruncatedFileIsInvalid) {
  TempDir dir;
  const auto path = dir / "half.json";
  const std::string text = valid_text();
  testing::write_text(path, text.substr(0, text.size() / 2));
  expect_error(load_result_file(path), LoadError::Kind::invalid, "truncated JSON", path.string());
}

TEST(ResultReader, NotJsonIsInvalidWithBytePosition) {
  expect_error(parse("hello, world"), LoadError::Kind::invalid, "not JSON (parse error at byte ");
  expect_error(parse("{\"a\": 1,,}"), LoadError::Kind::invalid, "not JSON");
  expect_error(parse("[1, 2]"), LoadError::Kind::invalid, "top level must be a JSON object");
  expect_error(parse("{\"a\": 1}"), LoadError::Kind::invalid, "neither a ridgeline result");
  expect_error(parse("{\"benchmarks\": [1e999]}"), LoadError::Kind::invalid,
               "not JSON (number overflow parsing '1e999')");
}

TEST(ResultReader, NewerSchemaMajorIsNotComparable) {
  const auto text = edited([](json& d) { d["ridgeline"]["schema_version"] = "2.0.0"; });
  const auto err = expect_error(parse(text), LoadError::Kind::not_comparable,
                                "ridgeline.schema_version 2.0.0 is not readable");
  EXPECT_NE(err.message.find("major 1"), std::string::npos);
  // A newer minor version of the same major stays readable.
  const auto minor = edited([](json& d) { d["ridgeline"]["schema_version"] = "1.7.0"; });
  EXPECT_TRUE(std::holds_alternative<ResultFile>(parse(minor)));
  const auto garbage = edited([](json& d) { d["ridgeline"]["schema_version"] = "one"; });
  expect_error(parse(garbage), LoadError::Kind::invalid, "not a semantic version");
}

TEST(ResultReader, GoogleBenchmarkSchemaTwoIsNotComparable) {
  const auto text = edited([](json& d) { d["context"]["json_schema_version"] = 2; });
  expect_error(parse(text), LoadError::Kind::not_comparable, "context.json_schema_version 2");
}

TEST(ResultReader, UnknownKindIsNotComparable) {
  const auto text = edited([](json& d) { d["ridgeline"]["kind"] = "forecast"; });
  expect_error(parse(text), LoadError::Kind::not_comparable, "ridgeline.kind \"forecast\"");
}

TEST(ResultReader, StringSampleIsInvalidAndNamesItsPath) {
  const auto text =
      edited([](json& d) { d["ridgeline"]["benchmarks"][1]["samples_seconds"][1] = "0.002"; });
  expect_error(parse(text), LoadError::Kind::invalid,
               "ridgeline.benchmarks[1].samples_seconds[1] must be a finite number");
}

TEST(ResultReader, MissingAndMistypedFieldsNameTheirPath) {
  expect_error(parse(edited([](json& d) { d["ridgeline"]["benchmarks"][0].erase("unit"); })),
               LoadError::Kind::invalid, "ridgeline.benchmarks[0].unit is missing");
  expect_error(parse(edited([](json& d) { d["ridgeline"]["run"]["status"] = "done"; })),
               LoadError::Kind::invalid, "ridgeline.run.status must be one of");
  expect_error(parse(edited([](json& d) { d["ridgeline"]["device"]["caches"][2]["level"] = -1; })),
               LoadError::Kind::invalid, "ridgeline.device.caches[2].level must be an integer");
  expect_error(parse(edited([](json& d) { d["ridgeline"]["benchmarks"][0]["elements"] = 1.5; })),
               LoadError::Kind::invalid, "ridgeline.benchmarks[0].elements must be a non-negative");
  expect_error(parse(edited([](json& d) { d["ridgeline"]["benchmarks"] = json::object(); })),
               LoadError::Kind::invalid, "ridgeline.benchmarks must be an array");
  expect_error(parse(edited([](json& d) {
                 d["ridgeline"]["benchmarks"][0]["samples_cpu_seconds"] = json::array({1.0});
               })),
               LoadError::Kind::invalid, "ridgeline.benchmarks[0].samples_cpu_seconds has 1");
}

TEST(ResultReader, NonFiniteTokenInRidgelineFileIsInvalid) {
  std::string text = valid_text();
  const std::string needle = "\"max_abs_error\": 1e-12";
  const auto at = text.find(needle);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, needle.size(), "\"max_abs_error\": NaN");
  expect_error(parse(text), LoadError::Kind::invalid, "NaN or Infinity at byte");
}

TEST(ResultReader, DeepNestingIsInvalidBeforeParsing) {
  expect_error(parse(std::string(10000, '[')), LoadError::Kind::invalid,
               "nested deeper than 64 levels");
  // Brackets inside strings do not count.
  const std::string in_string = "{\"benchmarks\": [], \"x\": \"" + std::string(10000, '[') + "\"}";
  EXPECT_TRUE(std::holds_alternative<ResultFile>(parse(in_string)));
}

TEST(ResultReader, PlainGoogleBenchmarkFileWithBareNaNCounters) {
  const auto path = std::filesystem::path(RIDGELINE_FIXTURES) / "gbench_plain.json";
  const LoadResult r = load_result_file(path);
  ASSERT_TRUE(std::holds_alternative<ResultFile>(r)) << std::get<LoadError>(r).message;
  const ResultFile& f = std::get<ResultFile>(r);
  EXPECT_EQ(f.kind, FileKind::gbench);
  EXPECT_EQ(f.host.hostname, "bench-host");
  EXPECT_EQ(f.host.cpus, 8);
  EXPECT_EQ(f.run.started_utc, "2024-03-05T10:11:12+00:00");
  EXPECT_EQ(f.run.repetitions, 3);
  ASSERT_EQ(f.device.caches.size(), 4u);
  EXPECT_EQ(f.device.caches[0].type, "data");
  EXPECT_EQ(f.device.caches[3].size_bytes, 33554432u);
  ASSERT_EQ(f.benchmarks.size(), 2u);  // aggregates ignored

  const BenchmarkRecord& copy = f.benchmarks[0];
  EXPECT_EQ(copy.name, "BM_Copy/1024/repeats:3");
  EXPECT_EQ(copy.status, BenchStatus::ok);
  EXPECT_EQ(copy.unit, std::nullopt);
  EXPECT_EQ(copy.bytes_per_call, 0.0);
  EXPECT_EQ(copy.calls_per_sample, 3413333);
  ASSERT_EQ(copy.sample_seconds.size(), 3u);
  EXPECT_DOUBLE_EQ(copy.sample_seconds[0], 204.8e-9);
  EXPECT_DOUBLE_EQ(copy.sample_cpu_seconds[0], 204.3e-9);
  EXPECT_DOUBLE_EQ(copy.median_seconds(), 206e-9);

  const BenchmarkRecord& fma = f.benchmarks[1];
  EXPECT_EQ(fma.name, "BM_Fma/fp32/repeats:3");
  ASSERT_EQ(fma.sample_seconds.size(), 3u);
  EXPECT_DOUBLE_EQ(fma.sample_seconds[1], 16e-6);  // time_unit "us"
}

TEST(ResultReader, PlainGoogleBenchmarkErrorsAndUnits) {
  const std::string text = R"({
    "context": {"json_schema_version": 1},
    "benchmarks": [
      {"name": "BM_A", "run_type": "iteration", "iterations": 10, "real_time": 2,
       "cpu_time": 1, "time_unit": "ms"},
      {"name": "BM_B", "run_type": "iteration", "error_occurred": true,
       "error_message": "out of memory", "iterations": 0, "real_time": 0, "cpu_time": 0,
       "time_unit": "ns"},
      {"name": "BM_C", "run_type": "iteration", "iterations": 1, "real_time": 1,
       "cpu_time": 1, "time_unit": "fortnights"}
    ]})";
  expect_error(parse(text), LoadError::Kind::invalid,
               "benchmarks[2].time_unit must be one of ns, us, ms, s");
  json doc = json::parse(text);
  doc["benchmarks"].erase(2);
  const LoadResult r = parse(doc.dump());
  ASSERT_TRUE(std::holds_alternative<ResultFile>(r)) << std::get<LoadError>(r).message;
  const auto& f = std::get<ResultFile>(r);
  ASSERT_EQ(f.benchmarks.size(), 2u);
  EXPECT_DOUBLE_EQ(f.benchmarks[0].sample_seconds.at(0), 2e-3);
  EXPECT_EQ(f.benchmarks[1].status, BenchStatus::failed);
  EXPECT_EQ(f.benchmarks[1].reason, "out of memory");
  EXPECT_TRUE(f.benchmarks[1].sample_seconds.empty());
}

TEST(ResultReader, OversizedFileIsInvalidWithoutReadingIt) {
  TempDir dir;
  const auto path = dir / "huge.json";
  testing::write_text(path, "{}");
  std::filesystem::resize_file(path, kMaxResultFileBytes + 1);  // sparse: no disk used
  expect_error(load_result_file(path), LoadError::Kind::invalid, "larger than the 1 GiB limit",
               path.string());
}

}  // namespace
}  // namespace ridgeline
