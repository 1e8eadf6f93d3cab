// The fleet's judgement as a table, markdown, CSV, JSON and SVG: the verdicts and numbers
// the analysis made, shown, never re-derived.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "catalogue_records.hpp"
#include "report/fleet_format.hpp"
#include "report/fleet_svg.hpp"

namespace ridgeline {
namespace {

FleetJudgement four_ranks_one_slow() {
  std::vector<std::pair<std::string, ResultFile>> files;
  for (int r = 0; r < 4; ++r) {
    ResultFile f;
    f.run.status = RunStatus::complete;
    f.device.id = "cpu:0";
    f.device.name = "Test CPU";
    Placement p;
    p.launcher = Launcher::open_mpi;
    p.rank = r;
    p.world_size = 5;  // rank 4 sent no file
    p.node_name = "vm";
    p.job_id = "42";
    f.placement = p;
    const double seconds = r == 2 ? 0.01 / 0.7 : 0.01;
    f.benchmarks.push_back(testing::catalogue_record("copy", "fp64", 1e9, 0, seconds));
    files.emplace_back("r" + std::to_string(r) + ".json", f);
  }
  return judge_fleet(fleet_members(std::move(files)), {}, {});
}

TEST(FleetFormat, TableNamesTheSlowDeviceAndTheMissingRank) {
  const std::string text = format_fleet(four_ranks_one_slow(), TableFormat::table);
  EXPECT_NE(text.find("fleet of 5 devices on 1 node (1 without a file), job 42"), std::string::npos)
      << text;
  EXPECT_NE(text.find("copy/fp64 0.70x median, 30.0% below best"), std::string::npos) << text;
  EXPECT_NE(text.find("no result file (job 42)"), std::string::npos) << text;
  EXPECT_NE(text.find("fleet verdict: MISSING (2 of 5 devices not passing: r2 vm cpu:0 SLOW, r4 "
                      "(no file) MISSING)"),
            std::string::npos)
      << text;
}

TEST(FleetFormat, CsvHasOneRecordPerDeviceAndBenchmark) {
  const std::string csv = format_fleet(four_ranks_one_slow(), TableFormat::csv);
  EXPECT_EQ(csv.rfind("rank,node,device,device_name,benchmark,unit,rate,fleet_median,", 0), 0u);
  EXPECT_NE(csv.find("\n2,vm,cpu:0,Test CPU,copy/fp64,GB/s,70,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\nrank,node,device,verdict,reasons\n"), std::string::npos);
  EXPECT_NE(csv.find("\n4,,,MISSING,no result file (job 42)\n"), std::string::npos) << csv;
}

TEST(FleetFormat, JsonIsOneObject) {
  const auto doc = nlohmann::json::parse(format_fleet(four_ranks_one_slow(), TableFormat::json));
  EXPECT_EQ(doc["verdict"], "MISSING");
  EXPECT_EQ(doc["devices"].size(), 5u);
  EXPECT_EQ(doc["devices"][2]["verdict"], "SLOW");
  EXPECT_EQ(doc["devices"][4]["verdict"], "MISSING");
  EXPECT_DOUBLE_EQ(doc["benchmarks"][0]["median"].get<double>(), 100.0);
  EXPECT_EQ(doc["options"]["tolerance"], 0.10);
}

TEST(FleetFormat, MarkdownTables) {
  const std::string md = format_fleet(four_ranks_one_slow(), TableFormat::md);
  EXPECT_NE(md.find("### Devices"), std::string::npos);
  EXPECT_NE(md.find("| rank | node | device | verdict |"), std::string::npos) << md;
}

TEST(FleetSvg, TheSlowDeviceIsRedAndLabelled) {
  const std::string svg = fleet_svg(four_ranks_one_slow());
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_NE(svg.find(R"(class="outlier")"), std::string::npos);
  EXPECT_NE(svg.find(">r2 vm cpu:0</text>"), std::string::npos);
  EXPECT_NE(svg.find("r2 vm cpu:0: 70.0 GB/s (0.700x median"), std::string::npos);
  EXPECT_EQ(svg.find(">r1 vm cpu:0</text>"), std::string::npos) << "a passing device has no label";
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
}

}  // namespace
}  // namespace ridgeline
