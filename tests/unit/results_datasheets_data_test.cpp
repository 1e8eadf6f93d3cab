// Checks the committed chip datasheets in results/datasheets/: each loads as chip:<id>,
// names itself after its file, backs every number with a source, and the chips the
// project promises are all there.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <variant>

#include "results/input_source.hpp"

namespace ridgeline {
namespace {

const std::filesystem::path kDatasheets =
    std::filesystem::path(RIDGELINE_SOURCE_DIR) / "results" / "datasheets";

class DatasheetData : public ::testing::Test {
 protected:
  // The source tree's datasheets, whatever the environment or build layout says.
  void SetUp() override { ::setenv("RIDGELINE_DATASHEETS", kDatasheets.c_str(), 1); }
};

std::vector<std::string> stated_fields(const Datasheet& d) {
  std::vector<std::string> fields;
  if (d.year) fields.emplace_back("year");
  if (d.memory_gb) fields.emplace_back("memory_gb");
  if (d.memory_bandwidth_tbps) fields.emplace_back("memory_bandwidth_tbps");
  for (const auto& [dtype, value] : d.peak_tflops) fields.push_back("peak_tflops." + dtype);
  if (d.interconnect_gbps) fields.emplace_back("interconnect_gbps");
  if (d.tdp_w) fields.emplace_back("tdp_w");
  if (d.die_area_mm2) fields.emplace_back("die_area_mm2");
  return fields;
}

TEST_F(DatasheetData, EveryFileLoadsAsItsChipIdWithSourcedNumbers) {
  const auto ids = datasheet_ids();
  ASSERT_FALSE(ids.empty());
  for (const auto& entry : std::filesystem::directory_iterator(kDatasheets)) {
    if (entry.path().extension() != ".json") continue;
    const std::string id = entry.path().stem().string();
    const auto loaded = load_input("chip:" + id);
    ASSERT_TRUE(std::holds_alternative<ResultFile>(loaded)) << std::get<LoadError>(loaded).message;
    const ResultFile& f = std::get<ResultFile>(loaded);
    ASSERT_TRUE(f.datasheet) << id;
    const Datasheet& d = *f.datasheet;
    EXPECT_EQ(d.id, id);
    EXPECT_EQ(f.device.id, "chip:" + id);
    EXPECT_EQ(f.device.backend, "datasheet") << id;
    EXPECT_EQ(f.run.status, RunStatus::complete) << id;
    EXPECT_FALSE(d.notes.empty()) << id;
    for (const auto& field : stated_fields(d)) {
      const auto it = d.field_sources.find(field);
      ASSERT_NE(it, d.field_sources.end()) << id << " " << field;
      EXPECT_FALSE(it->second.empty()) << id << " " << field;
    }
  }
}

TEST_F(DatasheetData, EveryChipOfTheIssueIsPresent) {
  const auto ids = datasheet_ids();
  for (const char* id : {"nvidia-h20",
                         "nvidia-h100-sxm5",
                         "nvidia-h100-pcie",
                         "nvidia-h800-sxm5",
                         "nvidia-h200-sxm",
                         "nvidia-b200",
                         "nvidia-b300",
                         "nvidia-b30a",
                         "nvidia-a100-sxm-80gb",
                         "nvidia-l20",
                         "amd-mi250x",
                         "amd-mi300x",
                         "amd-mi308x",
                         "amd-mi325x",
                         "huawei-ascend-910",
                         "huawei-ascend-910b1",
                         "huawei-ascend-910b2",
                         "huawei-ascend-910b3",
                         "huawei-ascend-910b4",
                         "huawei-ascend-910c",
                         "cambricon-mlu370-x8",
                         "cambricon-mlu590",
                         "moorethreads-mtt-s4000",
                         "moorethreads-mtt-s5000",
                         "metax-c500",
                         "baidu-kunlun-p800",
                         "enflame-t20",
                         "enflame-s60",
                         "enflame-l600",
                         "intel-gaudi3"})
    EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
}

TEST_F(DatasheetData, KnownValuesReadBackAsStated) {
  const auto loaded = load_input("chip:nvidia-h100-sxm5");
  ASSERT_TRUE(std::holds_alternative<ResultFile>(loaded));
  const Datasheet& d = *std::get<ResultFile>(loaded).datasheet;
  EXPECT_DOUBLE_EQ(d.memory_bandwidth_tbps.value_or(0), 3.35);
  EXPECT_DOUBLE_EQ(d.peak_tflops.at("bf16"), 989.4);  // dense: the sparse 1979 halved
  EXPECT_DOUBLE_EQ(d.die_area_mm2.value_or(0), 814);
  EXPECT_EQ(d.confidence, "vendor");
  // Estimates stay out: MI308X compute is firmware-capped and disputed.
  const auto mi308x = load_input("chip:amd-mi308x");
  ASSERT_TRUE(std::holds_alternative<ResultFile>(mi308x));
  EXPECT_TRUE(std::get<ResultFile>(mi308x).datasheet->peak_tflops.empty());
  EXPECT_FALSE(std::get<ResultFile>(mi308x).datasheet->memory_bandwidth_tbps);
}

}  // namespace
}  // namespace ridgeline
