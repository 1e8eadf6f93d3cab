#include <gtest/gtest.h>
#include <unistd.h>

#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "results/result_reader.hpp"
#include "results/result_writer.hpp"
#include "results_test_support.hpp"

namespace ridgeline {
namespace {

using nlohmann::json;
using testing::TempDir;

ResultFile load_ok(const std::filesystem::path& p) {
  auto loaded = load_result_file(p);
  if (const auto* err = std::get_if<LoadError>(&loaded)) ADD_FAILURE() << err->message;
  return std::get<ResultFile>(std::move(loaded));
}

std::vector<std::filesystem::path> leftovers(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().filename().string().find(".tmp.") != std::string::npos) out.push_back(e.path());
  return out;
}

TEST(ResultWriter, RoundTripGivesEqualRecords) {
  TempDir dir;
  const auto path = dir / "run.json";
  const std::vector<BenchmarkRecord> records = {testing::sample_memory_record(),
                                                testing::sample_compute_record(),
                                                testing::sample_skipped_record()};
  {
    ResultWriter w(path, testing::sample_header());
    for (const auto& r : records) w.append(r);
    w.finish(RunStatus::complete, "2024-03-05T10:20:00Z");
  }
  // Every field, the ones added later included, through the defaulted comparison.
  ResultFile expected = testing::sample_header();
  expected.run.status = RunStatus::complete;
  expected.run.finished_utc = "2024-03-05T10:20:00Z";
  expected.benchmarks = records;
  EXPECT_EQ(load_ok(path), expected);
}

TEST(ResultWriter, NumbersInParamsStayNumbers) {
  TempDir dir;
  const auto path = dir / "run.json";
  ResultWriter w(path, testing::sample_header());
  w.append(testing::sample_memory_record());
  const json doc = json::parse(testing::read_text(path));
  const json& params = doc["ridgeline"]["benchmarks"][0]["params"];
  EXPECT_TRUE(params["threads"].is_number_integer());
  EXPECT_TRUE(params["block_fraction"].is_number_float());
  EXPECT_TRUE(params["formula"].is_string());
  EXPECT_TRUE(doc["ridgeline"]["device"]["extra"]["omp_threads"].is_number_integer());
  EXPECT_EQ(doc["ridgeline"]["benchmarks"][0]["family"], "memory");
  EXPECT_EQ(doc["ridgeline"]["benchmarks"][0]["unit"], "GB/s");
}

TEST(ResultWriter, ContextSaysWhenTheGovernorLetsTheClockMove) {
  TempDir dir;
  ResultFile header = testing::sample_header();
  header.run.host_at_start = {{}, "powersave"};
  ResultWriter w(dir / "run.json", header);
  w.finish(RunStatus::complete, "2024-03-05T10:20:00Z");
  const json context = json::parse(testing::read_text(dir / "run.json")).at("context");
  EXPECT_EQ(context.at("cpu_scaling_enabled"), true);
  EXPECT_EQ(context.at("cpu_frequency_governor"), "powersave");
  EXPECT_TRUE(context.at("load_avg").empty());  // unknown stays empty, never made up
}

TEST(ResultWriter, FinishFillsInWhatTheEndKnows) {
  TempDir dir;
  ResultWriter w(dir / "run.json", testing::sample_header());
  w.append(testing::sample_memory_record());
  w.finish(RunStatus::interrupted, "2024-03-05T10:20:00Z", [](ResultFile& f) {
    f.warnings = {{WarningKind::fits_in_cache, {"triad/fp64"}, "fits"}};
    f.run.host_at_end.load_avg = {2, 1, 0.5};
  });
  const json rl = json::parse(testing::read_text(dir / "run.json")).at("ridgeline");
  EXPECT_EQ(rl.at("run").at("status"), "interrupted");
  EXPECT_EQ(rl.at("warnings").size(), 1u);
  EXPECT_EQ(rl.at("warnings").at(0).at("kind"), "fits_in_cache");
  EXPECT_EQ(rl.at("run").at("host_at_end").at("load_avg").at(0), 2);
  EXPECT_EQ(w.current().warnings.size(), 1u);
}

TEST(ResultWriter, WritesGoogleBenchmarkFieldsCompareReads) {
  TempDir dir;
  const auto path = dir / "run.json";
  ResultWriter w(path, testing::sample_header());
  w.append(testing::sample_memory_record());   // 3 samples -> 3 iterations + 4 aggregates
  w.append(testing::sample_skipped_record());  // no samples -> 1 error entry
  w.finish(RunStatus::complete, "2024-03-05T10:20:00Z");

  const json doc = json::parse(testing::read_text(path));
  const json& context = doc.at("context");
  EXPECT_EQ(context.at("json_schema_version"), 1);
  EXPECT_EQ(context.at("executable"), "ridgeline");
  EXPECT_EQ(context.at("mhz_per_cpu"), 2500);
  EXPECT_EQ(context.at("caches").at(0).at("type"), "Data");
  EXPECT_EQ(context.at("caches").at(3).at("num_sharing"), 8);
  // The load average the run started under, and the governor, as GB records them.
  EXPECT_EQ(context.at("load_avg"), json::parse("[0.52, 0.48, 0.4]"));
  EXPECT_EQ(context.at("cpu_frequency_governor"), "performance");
  EXPECT_EQ(context.at("cpu_scaling_enabled"), false);

  const json& entries = doc.at("benchmarks");
  ASSERT_EQ(entries.size(), 3u + 4u + 1u);
  for (const json& e : entries) {
    SCOPED_TRACE(e.dump());
    EXPECT_TRUE(e.at("name").is_string());
    EXPECT_TRUE(e.at("run_name").is_string());
    EXPECT_TRUE(e.at("run_type").is_string());
    EXPECT_TRUE(e.at("real_time").is_number());
    EXPECT_TRUE(e.at("cpu_time").is_number());
    EXPECT_EQ(e.at("time_unit"), "ns");
    EXPECT_TRUE(e.at("iterations").is_number_integer());
    EXPECT_TRUE(e.at("repetitions").is_number_integer());
    EXPECT_TRUE(e.at("threads").is_number_integer());
    EXPECT_TRUE(e.at("family_index").is_number_integer());
    if (e.at("run_type") == "aggregate") {
      EXPECT_TRUE(e.at("aggregate_name").is_string());
      EXPECT_TRUE(e.at("aggregate_unit").is_string());
    } else {
      EXPECT_TRUE(e.at("repetition_index").is_number_integer());
    }
  }
  const auto record = testing::sample_memory_record();
  EXPECT_EQ(entries[0].at("name"), record.name);
  EXPECT_EQ(entries[0].at("iterations"), record.calls_per_sample);
  EXPECT_DOUBLE_EQ(entries[1].at("real_time").get<double>(), record.sample_seconds[1] * 1e9);
  EXPECT_DOUBLE_EQ(entries[1].at("cpu_time").get<double>(), record.sample_cpu_seconds[1] * 1e9);
  EXPECT_DOUBLE_EQ(entries[1].at("bytes_per_second").get<double>(),
                   record.bytes_per_call / record.sample_seconds[1]);
  EXPECT_EQ(entries[2].at("repetition_index"), 2);
  EXPECT_EQ(entries[4].at("name"), record.name + "_median");
  EXPECT_EQ(entries[4].at("run_name"), record.name);
  EXPECT_EQ(entries[4].at("iterations"), 3);
  EXPECT_DOUBLE_EQ(entries[4].at("real_time").get<double>(), record.median_seconds() * 1e9);
  EXPECT_EQ(entries[6].at("aggregate_name"), "cv");
  EXPECT_EQ(entries[6].at("aggregate_unit"), "percentage");
  const json& skipped = entries[7];
  EXPECT_EQ(skipped.at("family_index"), 1);
  EXPECT_EQ(skipped.at("error_occurred"), true);
  EXPECT_EQ(skipped.at("error_message"), testing::sample_skipped_record().reason);
  EXPECT_EQ(skipped.at("iterations"), 0);

  const json& stored = doc.at("ridgeline").at("benchmarks").at(0);
  EXPECT_EQ(stored.at("status"), "ok");
  EXPECT_EQ(stored.at("verification").at("verdict"), "pass");
  EXPECT_DOUBLE_EQ(stored.at("median_rate").get<double>(), record.median_rate());
}

TEST(ResultWriter, FailedRecordKeepsSamplesAsErrorsWithoutAggregates) {
  BenchmarkRecord r = testing::sample_compute_record();
  r.status = BenchStatus::failed;
  r.reason = "verification failed: 3 mismatches";
  ResultFile f = testing::sample_header();
  f.benchmarks = {r};
  const json entries = json::parse(serialize_result(f)).at("benchmarks");
  ASSERT_EQ(entries.size(), r.sample_seconds.size());
  for (const json& e : entries) {
    EXPECT_EQ(e.at("run_type"), "iteration");
    EXPECT_EQ(e.at("error_occurred"), true);
    EXPECT_EQ(e.at("error_message"), r.reason);
    EXPECT_TRUE(e.contains("flops_per_second"));
    EXPECT_FALSE(e.contains("bytes_per_second"));
  }
}

TEST(ResultWriter, StatusIsIncompleteUntilFinish) {
  TempDir dir;
  const auto path = dir / "run.json";
  ResultFile header = testing::sample_header();
  header.run.status = RunStatus::complete;  // the writer decides, not the caller
  ResultWriter w(path, header);
  EXPECT_EQ(load_ok(path).run.status, RunStatus::incomplete);
  EXPECT_TRUE(load_ok(path).benchmarks.empty());
  w.append(testing::sample_memory_record());
  const ResultFile mid = load_ok(path);
  EXPECT_EQ(mid.run.status, RunStatus::incomplete);
  EXPECT_EQ(mid.benchmarks.size(), 1u);
  EXPECT_TRUE(mid.run.finished_utc.empty());
  w.finish(RunStatus::interrupted, "2024-03-05T10:12:00Z");
  EXPECT_EQ(load_ok(path).run.status, RunStatus::interrupted);
  EXPECT_EQ(w.current().run.status, RunStatus::interrupted);
  EXPECT_THROW(w.append(testing::sample_compute_record()), std::logic_error);
}

TEST(ResultWriter, RefusesNaNAndKeepsPreviousFile) {
  TempDir dir;
  const auto path = dir / "run.json";
  ResultWriter w(path, testing::sample_header());
  w.append(testing::sample_memory_record());
  const std::string before = testing::read_text(path);

  BenchmarkRecord bad = testing::sample_compute_record();
  bad.sample_seconds[1] = std::numeric_limits<double>::quiet_NaN();
  try {
    w.append(bad);
    FAIL() << "append accepted NaN";
  } catch (const std::domain_error& e) {
    EXPECT_NE(std::string(e.what()).find("ridgeline.benchmarks[1].samples_seconds[1]"),
              std::string::npos)
        << e.what();
  }
  BenchmarkRecord inf = testing::sample_compute_record();
  inf.verification.max_abs_error = std::numeric_limits<double>::infinity();
  EXPECT_THROW(w.append(inf), std::domain_error);

  EXPECT_EQ(testing::read_text(path), before);
  EXPECT_EQ(w.current().benchmarks.size(), 1u);
  EXPECT_TRUE(leftovers(dir.path()).empty());
}

TEST(ResultWriter, SerializationNamesEveryNonFiniteField) {
  ResultFile f = testing::sample_header();
  f.device.clock_mhz = std::numeric_limits<double>::infinity();
  try {
    serialize_result(f);
    FAIL() << "serialized an infinite clock";
  } catch (const std::domain_error& e) {
    EXPECT_NE(std::string(e.what()).find("ridgeline.device.clock_mhz"), std::string::npos);
  }
}

TEST(ResultWriter, FailedWriteKeepsPreviousFileAndCurrent) {
  TempDir dir;
  const auto path = dir / "run.json";
  ResultWriter w(path, testing::sample_header());
  const std::string before = testing::read_text(path);
  // Something the writer cannot replace sits where its temporary file goes.
  auto blocker = path;
  blocker += ".tmp." + std::to_string(::getpid());
  std::filesystem::create_directory(blocker);
  EXPECT_THROW(w.append(testing::sample_memory_record()), std::system_error);
  EXPECT_EQ(testing::read_text(path), before);
  EXPECT_TRUE(w.current().benchmarks.empty());
  std::filesystem::remove(blocker);
  w.append(testing::sample_memory_record());  // recovers once the obstacle is gone
  EXPECT_EQ(load_ok(path).benchmarks.size(), 1u);
}

TEST(ResultWriter, LeavesNoTemporaryFiles) {
  TempDir dir;
  const auto path = dir / "run.json";
  {
    ResultWriter w(path, testing::sample_header());
    for (int i = 0; i < 5; ++i) w.append(testing::sample_compute_record());
    w.finish(RunStatus::complete, "2024-03-05T10:20:00Z");
  }
  EXPECT_TRUE(leftovers(dir.path()).empty());
  EXPECT_FALSE(std::filesystem::exists(dir / "run.json.lock"));  // removed with the writer
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(ResultWriter, ConstructorThrowsForUnwritableDirectoryNamingThePath) {
  TempDir dir;
  const auto missing = dir / "no-such-dir" / "run.json";
  try {
    ResultWriter w(missing, testing::sample_header());
    FAIL() << "wrote into a missing directory";
  } catch (const std::exception& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(missing.string()), std::string::npos) << what;
    EXPECT_NE(what.find("No such file or directory"), std::string::npos) << what;
  }
  // A file where a directory should be fails the same way, even for root.
  testing::write_text(dir / "plain-file", "x");
  const auto under_file = dir / "plain-file" / "run.json";
  try {
    ResultWriter w(under_file, testing::sample_header());
    FAIL() << "wrote under a regular file";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find(under_file.string()), std::string::npos) << e.what();
  }
}

TEST(ResultWriter, SecondWriterOnSamePathThrowsWhileFirstIsAlive) {
  TempDir dir;
  const auto path = dir / "run.json";
  {
    ResultWriter first(path, testing::sample_header());
    first.append(testing::sample_memory_record());
    try {
      ResultWriter second(path, testing::sample_header());
      FAIL() << "two writers on one file";
    } catch (const std::runtime_error& e) {
      EXPECT_EQ(std::string(e.what()),
                path.string() + " is being written by another ridgeline process");
    }
    EXPECT_EQ(load_ok(path).benchmarks.size(), 1u);  // the loser wrote nothing
  }
  ResultWriter third(path, testing::sample_header());  // free again once the first is gone
  EXPECT_TRUE(load_ok(path).benchmarks.empty());
}

TEST(ResultWriter, RefusesKindsItCannotReadBack) {
  ResultFile f = testing::sample_header();
  f.kind = FileKind::gbench;
  EXPECT_THROW(serialize_result(f), std::invalid_argument);
  f.kind = FileKind::datasheet;
  EXPECT_NO_THROW(serialize_result(f));
}

}  // namespace
}  // namespace ridgeline
