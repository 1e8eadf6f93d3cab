// The roofline's geometry on real inputs: a measured CPU run (tests/fixtures/roofline) beside
// 12 datasheets, and every datasheet 12 at a time. No two ridge labels overlap, none covers
// a marker, all stay inside the plot.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "report/roofline_layout.hpp"
#include "results/result_reader.hpp"

namespace ridgeline {
namespace {

const std::filesystem::path kDatasheets =
    std::filesystem::path(RIDGELINE_SOURCE_DIR) / "results" / "datasheets";
const std::filesystem::path kRun =
    std::filesystem::path(RIDGELINE_FIXTURES) / "roofline" / "cpu_quick_run.json";

// As `ridgeline roofline` analyses an input without --dtype.
RooflineInput input_of(const std::filesystem::path& path) {
  auto loaded = load_result_file(path);
  if (const auto* error = std::get_if<LoadError>(&loaded)) ADD_FAILURE() << error->message;
  const ResultFile& file = std::get<ResultFile>(loaded);
  RooflineInput in;
  in.measured = file.kind != FileKind::datasheet;
  in.label = in.measured ? file.device.name : file.datasheet->name;
  in.tag = in.measured ? in.label : file.datasheet->id;
  in.ceilings = find_ceilings(file);
  if (in.measured) {
    in.sweeps = intensity_sweeps(file);
    in.gemms = gemm_points(file);
    for (const auto& r : in.ceilings.ridges) in.dtypes.push_back(r.dtype);
  } else {
    for (const char* dtype : {"bf16", "fp16"})
      if (find_ridge(in.ceilings, dtype)) {
        in.dtypes.emplace_back(dtype);
        break;
      }
    if (find_ridge(in.ceilings, "fp32")) in.dtypes.emplace_back("fp32");
  }
  return in;
}

std::vector<std::filesystem::path> all_datasheets() {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(kDatasheets))
    if (entry.path().extension() == ".json") paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::string describe(const RidgeLabel& l) {
  return l.text + " [" + std::to_string(l.box.x0) + ", " + std::to_string(l.box.y0) + ", " +
         std::to_string(l.box.x1) + ", " + std::to_string(l.box.y1) + "]";
}

void expect_legible(const RooflineLayout& layout, std::size_t expected_labels) {
  ASSERT_EQ(layout.labels.size(), expected_labels);
  for (std::size_t i = 0; i < layout.labels.size(); ++i) {
    const RidgeLabel& a = layout.labels[i];
    EXPECT_FALSE(a.crowded) << describe(a);
    EXPECT_TRUE(a.box.inside(kPlotArea)) << describe(a);
    for (std::size_t j = 0; j < i; ++j)
      EXPECT_FALSE(a.box.overlaps(layout.labels[j].box))
          << describe(a) << " overlaps " << describe(layout.labels[j]);
    for (const Disc& m : layout.markers)
      EXPECT_FALSE(m.overlaps(a.box))
          << describe(a) << " covers the marker at " << m.x << ", " << m.y;
    // Beside its marker, or led back to it by a line.
    const double distance = a.box.distance(a.anchor_x, a.anchor_y);
    EXPECT_TRUE(distance < 20 || a.leader) << describe(a);
    EXPECT_LT(distance, 250) << describe(a);
  }
}

std::size_t roofs_with_a_peak(const RooflineLayout& layout) {
  return static_cast<std::size_t>(std::count_if(layout.roofs.begin(), layout.roofs.end(),
                                                [](const Roof& r) { return r.has_peak(); }));
}

TEST(RooflineLayout, ARunAndTwelveChipsHaveNoOverlappingLabels) {
  std::vector<RooflineInput> inputs{input_of(kRun)};
  for (const char* chip : {"nvidia-h20", "nvidia-h100-sxm5", "nvidia-b200", "nvidia-a100-sxm-80gb",
                           "amd-mi300x", "amd-mi250x", "huawei-ascend-910b1", "huawei-ascend-910b2",
                           "intel-gaudi3", "cambricon-mlu590", "nvidia-l20", "baidu-kunlun-p800"})
    inputs.push_back(input_of(kDatasheets / (std::string(chip) + ".json")));
  ASSERT_FALSE(inputs[0].sweeps.empty()) << "the fixture run has an intensity sweep";
  const RooflineLayout layout = roofline_layout(inputs);
  EXPECT_GE(layout.labels.size(), 20u);
  expect_legible(layout, roofs_with_a_peak(layout));
}

TEST(RooflineLayout, EveryDatasheetTwelveAtATimeBesideTheRun) {
  const auto sheets = all_datasheets();
  ASSERT_GE(sheets.size(), 12u);
  for (std::size_t start = 0; start < sheets.size(); start += 12) {
    std::vector<RooflineInput> inputs{input_of(kRun)};
    for (std::size_t i = start; i < std::min(start + 12, sheets.size()); ++i)
      inputs.push_back(input_of(sheets[i]));
    SCOPED_TRACE("datasheets from " + sheets[start].filename().string());
    const RooflineLayout layout = roofline_layout(inputs);
    expect_legible(layout, roofs_with_a_peak(layout));
  }
}

}  // namespace
}  // namespace ridgeline
