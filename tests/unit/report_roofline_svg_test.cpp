#include <gtest/gtest.h>

#include <string>

#include "report/roofline_html.hpp"
#include "report/roofline_svg.hpp"

namespace ridgeline {
namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

Ceiling ceiling(std::string dtype, double value, RateUnit unit) {
  return Ceiling{"k", std::move(dtype), "k/x", value, unit};
}

RooflineInput input(std::string label, bool measured, double gbs,
                    std::vector<std::pair<std::string, double>> peaks) {
  RooflineInput in;
  in.label = label;
  in.tag = std::move(label);
  in.origin = measured ? "run.json" : "chip:x";
  in.measured = measured;
  in.ceilings.best_bandwidth = ceiling("", gbs, RateUnit::gigabytes);
  in.ceilings.bandwidth.push_back(*in.ceilings.best_bandwidth);
  for (const auto& [dtype, gflops] : peaks) {
    in.ceilings.compute.push_back(ceiling(dtype, gflops, RateUnit::gigaflops));
    in.ceilings.ridges.push_back(
        RidgePoint{dtype, gflops / gbs, in.ceilings.compute.back(), *in.ceilings.best_bandwidth});
    in.dtypes.push_back(dtype);
  }
  return in;
}

// A CPU at 20 GB/s with a measured sweep, an H20-like and a B200-like datasheet.
std::vector<RooflineInput> three_inputs() {
  auto cpu = input("cpu & co", true, 20, {{"fp64", 100}, {"fp32", 200}});
  for (double ai : {0.125, 1.0, 8.0, 64.0})
    cpu.sweeps["fp64"].push_back(
        {"intensity/fp64/ai:" + std::to_string(ai), ai, std::min(100.0, ai * 20) * 0.9});
  return {cpu, input("H20", false, 4000, {{"bf16", 148000}}),
          input("B200", false, 7700, {{"bf16", 2250000}, {"fp32", 75000}})};
}

TEST(RooflineSvg, OneRoofPerInputAndDtypeWithRidgesPointsAndLegend) {
  const auto inputs = three_inputs();
  const std::string svg = roofline_svg(inputs);
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_EQ(count(svg, "<g class=\"roof\""), 5u);
  EXPECT_EQ(count(svg, "<g class=\"ridge\""), 5u);
  EXPECT_EQ(count(svg, "<g class=\"legend-entry\""), 5u);
  EXPECT_EQ(count(svg, "<g class=\"point\""), 4u);
  EXPECT_NE(svg.find(">H20 bf16 37 flop/B</text>"), std::string::npos);
  EXPECT_NE(svg.find(">B200 fp32 9.7 flop/B</text>"), std::string::npos);
  EXPECT_NE(svg.find("cpu &amp; co fp64 5.0 flop/B"), std::string::npos);  // escaped
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find("href"), std::string::npos);  // nothing fetched from outside
}

TEST(RooflineSvg, VendorGemmShapesAreHollowSquaresUnderTheirRoof) {
  auto gpu = input("H100 run", true, 3000, {{"bf16", 900000}});
  gpu.gemms["bf16"] = {{"gemm/bf16/m:1/n:4096/k:4096", 1.0, 2800},
                       {"gemm/bf16/m:8192/n:8192/k:8192", 2730, 700000}};
  gpu.gemms["fp8"] = {{"gemm/fp8_e4m3/m:8192/n:8192/k:8192", 4000, 1300000}};  // no fp8 roof
  const std::string svg = roofline_svg(std::vector<RooflineInput>{gpu});
  EXPECT_EQ(count(svg, "<g class=\"gemm\""), 1u);
  EXPECT_EQ(count(svg, "<g class=\"legend-gemm\""), 1u);
  EXPECT_NE(svg.find("bf16 vendor GEMM, 2 shapes"), std::string::npos);
  EXPECT_NE(svg.find("gemm/bf16/m:1/n:4096/k:4096: 1.00 flop/B"), std::string::npos);
  EXPECT_EQ(svg.find("fp8_e4m3"), std::string::npos);  // drawn only under a drawn roof
}

TEST(RooflineSvg, AxesSpanACpuAndADatacentreGpu) {
  const std::string svg = roofline_svg(three_inputs());
  // 20 GB/s at 0.1 flop/B is 2 GFLOP/s; B200 bf16 peaks at 2.25 PFLOP/s.
  EXPECT_NE(svg.find(">1 GFLOP/s</text>"), std::string::npos);
  EXPECT_NE(svg.find(">1 PFLOP/s</text>"), std::string::npos);
  EXPECT_NE(svg.find(">10 PFLOP/s</text>"), std::string::npos);
  EXPECT_NE(svg.find(">0.1</text>"), std::string::npos);
  EXPECT_NE(svg.find(">1000</text>"), std::string::npos);
}

TEST(RooflineSvg, AnInputWithoutAPeakIsItsBandwidthSlopeAlone) {
  auto inputs = three_inputs();
  RooflineInput bandwidth_only = input("L600", false, 3600, {});
  inputs.push_back(bandwidth_only);
  RooflineInput nothing = input("S60", false, 1, {});
  nothing.ceilings = Ceilings{};
  inputs.push_back(nothing);
  const std::string svg = roofline_svg(inputs);
  EXPECT_EQ(count(svg, "<g class=\"bandwidth-roof\" data-input=\"L600\""), 1u);
  EXPECT_NE(svg.find("bandwidth 3.60 TB/s only: no peak known"), std::string::npos);
  EXPECT_NE(svg.find(">S60</text>"), std::string::npos);  // still named in the legend
  EXPECT_NE(svg.find("nothing to draw"), std::string::npos);
}

TEST(RooflineSvg, EightInputsGetEightColours) {
  std::vector<RooflineInput> inputs;
  for (int i = 0; i < 8; ++i)
    inputs.push_back(input("chip" + std::to_string(i), false, 1000.0 * (i + 1), {{"bf16", 1e5}}));
  const std::string svg = roofline_svg(inputs);
  for (const char* colour :
       {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"})
    EXPECT_NE(svg.find(std::string("stroke=\"") + colour), std::string::npos) << colour;
}

TEST(RooflineHtml, PageHoldsThePictureAndTheTables) {
  auto inputs = three_inputs();
  inputs[0].fits.push_back(*fit_roofline("fp64", inputs[0].sweeps["fp64"]));
  const std::string html = roofline_html(inputs);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(count(html, "<svg "), 1u);
  EXPECT_EQ(count(html, "<table class=\"ridges\">"), 1u);
  EXPECT_EQ(count(html, "<table class=\"compute\">"), 3u);
  EXPECT_EQ(count(html, "<table class=\"fit\">"), 1u);
  EXPECT_NE(html.find("intensity/fp64/ai:8"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("</html>"), std::string::npos);
}

}  // namespace
}  // namespace ridgeline
