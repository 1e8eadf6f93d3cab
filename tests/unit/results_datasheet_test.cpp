#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>

#include "results/input_source.hpp"
#include "results/result_reader.hpp"
#include "results/result_writer.hpp"

namespace ridgeline {
namespace {

using nlohmann::json;

ResultFile sample_chip() {
  ResultFile f;
  f.kind = FileKind::datasheet;
  f.host.hostname = "datasheet";
  f.run.status = RunStatus::complete;
  f.run.started_utc = "2026-11-21T00:00:00Z";
  f.device.id = "chip:test-chip";
  f.device.backend = "datasheet";
  f.device.name = "Test Chip";
  Datasheet d;
  d.id = "test-chip";
  d.name = "Test Chip";
  d.vendor = "Acme";
  d.year = 2024;
  d.confidence = "vendor";
  d.memory_type = "HBM3";
  d.memory_gb = 96;
  d.memory_bandwidth_tbps = 4.0;
  d.peak_tflops = {{"fp32", 44}, {"bf16", 148}, {"int8", 296}};
  d.interconnect = "NVLink";
  d.tdp_w = 400;  // interconnect_gbps and die_area_mm2 unknown
  d.sources = {{"brief", "Acme product brief", "https://example.com/brief"},
               {"press", "A press report", ""}};
  d.field_sources = {{"year", {"brief"}},
                     {"memory_gb", {"brief"}},
                     {"memory_bandwidth_tbps", {"brief", "press"}},
                     {"peak_tflops.fp32", {"brief"}},
                     {"peak_tflops.bf16", {"brief"}},
                     {"peak_tflops.int8", {"press"}},
                     {"tdp_w", {"press"}}};
  d.notes = "made up for a test";
  f.datasheet = d;
  return f;
}

json sample_json() { return json::parse(serialize_result(sample_chip())); }

// The one-line message of loading `doc`, or "" when it loads.
std::string load_error(const json& doc) {
  const auto result = parse_result_text(doc.dump(), "chip.json");
  if (const auto* e = std::get_if<LoadError>(&result)) {
    EXPECT_EQ(e->kind, LoadError::Kind::invalid) << e->message;
    return e->message;
  }
  return "";
}

std::string error_after(const std::function<void(json& sheet, json& doc)>& change) {
  json doc = sample_json();
  change(doc["ridgeline"]["datasheet"], doc);
  return load_error(doc);
}

TEST(Datasheet, RoundTripsThroughTheWriterAndReader) {
  const auto result = parse_result_text(serialize_result(sample_chip()), "chip.json");
  ASSERT_TRUE(std::holds_alternative<ResultFile>(result)) << std::get<LoadError>(result).message;
  const ResultFile& f = std::get<ResultFile>(result);
  EXPECT_EQ(f.kind, FileKind::datasheet);
  ASSERT_TRUE(f.datasheet);
  const Datasheet& d = *f.datasheet;
  const ResultFile expected = sample_chip();
  const Datasheet& want = *expected.datasheet;
  EXPECT_EQ(d.id, want.id);
  EXPECT_EQ(d.name, want.name);
  EXPECT_EQ(d.vendor, want.vendor);
  EXPECT_EQ(d.year, want.year);
  EXPECT_EQ(d.confidence, want.confidence);
  EXPECT_EQ(d.memory_type, want.memory_type);
  EXPECT_EQ(d.memory_gb, want.memory_gb);
  EXPECT_EQ(d.memory_bandwidth_tbps, want.memory_bandwidth_tbps);
  EXPECT_EQ(d.peak_tflops, want.peak_tflops);
  EXPECT_EQ(d.interconnect, want.interconnect);
  EXPECT_FALSE(d.interconnect_gbps);
  EXPECT_EQ(d.tdp_w, want.tdp_w);
  EXPECT_FALSE(d.die_area_mm2);
  ASSERT_EQ(d.sources.size(), 2u);
  EXPECT_EQ(d.sources[0].url, "https://example.com/brief");
  EXPECT_EQ(d.sources[1].title, "A press report");
  EXPECT_EQ(d.field_sources, want.field_sources);
  EXPECT_EQ(d.notes, want.notes);
}

TEST(Datasheet, UnknownIsWrittenAsNullAndReadBackAsAbsent) {
  const json sheet = sample_json()["ridgeline"]["datasheet"];
  EXPECT_TRUE(sheet["die_area_mm2"].is_null());
  EXPECT_TRUE(sheet["interconnect_gbps"].is_null());
  EXPECT_FALSE(sheet["peak_tflops"].contains("fp8"));
  EXPECT_EQ(
      error_after([](json& s, json&) { s.erase("tdp_w"), s["field_sources"].erase("tdp_w"); }), "");
}

TEST(Datasheet, RequiredExactlyWhenKindIsDatasheet) {
  EXPECT_NE(error_after([](json&, json& doc) {
              doc["ridgeline"].erase("datasheet");
            }).find("ridgeline.datasheet is missing"),
            std::string::npos);
  ResultFile run;  // a measured run must not carry one
  run.run.started_utc = "2026-11-21T00:00:00Z";
  run.device.backend = "cpu";
  run.device.name = "cpu";
  json doc = json::parse(serialize_result(run));
  doc["ridgeline"]["datasheet"] = sample_json()["ridgeline"]["datasheet"];
  EXPECT_NE(load_error(doc).find("only allowed when kind is \"datasheet\""), std::string::npos);
}

TEST(Datasheet, RequiredFieldsAreNamed) {
  for (const char* field : {"id", "name", "vendor", "confidence", "sources"})
    EXPECT_NE(error_after([&](json& s, json&) {
                s.erase(field);
              }).find("ridgeline.datasheet." + std::string(field) + " is missing"),
              std::string::npos)
        << field;
}

TEST(Datasheet, DeviceIdMustNameTheChip) {
  const std::string e =
      error_after([](json&, json& doc) { doc["ridgeline"]["device"]["id"] = "chip:other"; });
  EXPECT_NE(e.find("ridgeline.device.id must be \"chip:test-chip\""), std::string::npos) << e;
}

TEST(Datasheet, ConfidenceMustBeKnown) {
  const std::string e = error_after([](json& s, json&) { s["confidence"] = "rumor"; });
  EXPECT_NE(e.find("confidence must be one of vendor, report, rumour"), std::string::npos) << e;
}

TEST(Datasheet, SourcesMustBeNonEmptyWithUniqueIds) {
  EXPECT_NE(error_after([](json& s, json&) {
              s["sources"] = json::array();
            }).find("sources must be a non-empty array"),
            std::string::npos);
  EXPECT_NE(error_after([](json& s, json&) {
              s["sources"][1]["id"] = "brief";
            }).find("sources[1].id repeats source id \"brief\""),
            std::string::npos);
  EXPECT_NE(error_after([](json& s, json&) {
              s["sources"][0].erase("title");
            }).find("sources[0].title is missing"),
            std::string::npos);
}

TEST(Datasheet, EveryNumberNeedsAnExistingSource) {
  const std::string unsourced =
      error_after([](json& s, json&) { s["field_sources"].erase("peak_tflops.bf16"); });
  EXPECT_NE(unsourced.find("ridgeline.datasheet.peak_tflops.bf16 has no source"), std::string::npos)
      << unsourced;
  const std::string empty =
      error_after([](json& s, json&) { s["field_sources"]["tdp_w"] = json::array(); });
  EXPECT_NE(empty.find("datasheet.tdp_w has no source"), std::string::npos) << empty;
  const std::string dangling =
      error_after([](json& s, json&) { s["field_sources"]["year"] = {"nowhere"}; });
  EXPECT_NE(dangling.find("field_sources.year names source \"nowhere\""), std::string::npos)
      << dangling;
  const std::string stray =
      error_after([](json& s, json&) { s["field_sources"]["die_area_mm2"] = {"brief"}; });
  EXPECT_NE(stray.find("field_sources.die_area_mm2 names a field that holds no number"),
            std::string::npos)
      << stray;
}

TEST(Datasheet, NumbersMustBePositive) {
  for (const char* field : {"memory_gb", "memory_bandwidth_tbps", "tdp_w"}) {
    const std::string e = error_after([&](json& s, json&) { s[field] = 0; });
    EXPECT_NE(e.find(std::string(field) + " must be greater than zero"), std::string::npos) << e;
  }
  const std::string peak = error_after([](json& s, json&) { s["peak_tflops"]["bf16"] = -1; });
  EXPECT_NE(peak.find("peak_tflops.bf16 must be greater than zero"), std::string::npos) << peak;
  const std::string text = error_after([](json& s, json&) { s["memory_gb"] = "96"; });
  EXPECT_NE(text.find("memory_gb must be a finite number"), std::string::npos) << text;
  const std::string year = error_after([](json& s, json&) { s["year"] = 0; });
  EXPECT_NE(year.find("year must be an integer >= 1"), std::string::npos) << year;
}

TEST(Datasheet, PeakDtypesAreKnownOnes) {
  const std::string e = error_after([](json& s, json&) { s["peak_tflops"]["fp9"] = 1; });
  EXPECT_NE(e.find("peak_tflops.fp9 is not a known dtype"), std::string::npos) << e;
}

TEST(Datasheet, UnknownChipIdIsUnreadableAndNamed) {
  const auto result = load_input("chip:does-not-exist");
  const auto* e = std::get_if<LoadError>(&result);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, LoadError::Kind::unreadable);
  EXPECT_NE(e->message.find("chip:does-not-exist"), std::string::npos) << e->message;
  EXPECT_EQ(e->message.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace ridgeline
