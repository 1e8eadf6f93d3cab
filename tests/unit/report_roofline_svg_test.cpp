#include <gtest/gtest.h>

#include <set>
#include <string>

#include "report/percent_text.hpp"
#include "report/plot_style.hpp"
#include "report/roofline_html.hpp"
#include "report/roofline_layout.hpp"
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
  // No ridge marker drawn for them, so none beside their names.
  EXPECT_NE(svg.find(R"(<g class="legend-input-row" data-input="S60"><text)"), std::string::npos);
  EXPECT_NE(svg.find(R"(<g class="legend-input-row" data-input="L600"><text)"), std::string::npos);
  EXPECT_EQ(svg.find(R"(<g class="legend-input-row" data-input="H20"><text)"), std::string::npos);
}

TEST(RooflineSvg, TwelveInputsGetTwelveColours) {
  std::vector<RooflineInput> inputs;
  for (int i = 0; i < 12; ++i)
    inputs.push_back(input("chip" + std::to_string(i), false, 1000.0 * (i + 1), {{"bf16", 1e5}}));
  const std::string svg = roofline_svg(inputs);
  std::set<std::string> colours;
  for (std::size_t i = 0; i < 12; ++i) {
    const std::string colour(input_style(i).colour);
    colours.insert(colour);
    EXPECT_NE(svg.find("stroke=\"" + colour), std::string::npos) << colour;
  }
  EXPECT_EQ(colours.size(), 12u);
}

TEST(PlotStyle, ColourAndMarkerPairsNeverRepeatForTwelveTimesFiveInputs) {
  std::set<std::pair<std::string, Marker>> pairs;
  for (std::size_t i = 0; i < kPaletteColours * kMarkerShapes; ++i)
    pairs.insert({std::string(input_style(i).colour), input_style(i).marker});
  EXPECT_EQ(pairs.size(), kPaletteColours * kMarkerShapes);
  // Neighbours differ in shape too: the colours most alike sit next to each other.
  for (std::size_t i = 1; i < 24; ++i) EXPECT_NE(input_style(i).marker, input_style(i - 1).marker);
}

TEST(RooflineSvg, EqualPeaksOfOneInputDrawOneRoofNamedForBoth) {
  // MI250X-like: fp64 and fp32 vector peaks both 47.9 TFLOP/s.
  const auto chip = input("MI250X", false, 3277, {{"fp64", 47900}, {"fp32", 47900}});
  const std::string svg = roofline_svg(std::vector<RooflineInput>{chip});
  EXPECT_EQ(count(svg, "<g class=\"roof\""), 1u);
  EXPECT_EQ(count(svg, "<g class=\"roof\" data-input=\"MI250X\" data-dtype=\"fp64 = fp32\""), 1u);
  EXPECT_NE(svg.find(">MI250X fp64 = fp32 15 flop/B</text>"), std::string::npos);
  EXPECT_NE(svg.find(">fp64 = fp32 47.9 TFLOP/s / 3.28 TB/s = 15 flop/B</text>"),
            std::string::npos);
}

TEST(RooflineSvg, CoincidingRoofsOfTwoInputsAreShiftedApartAndSaySo) {
  // H100-like and H800-like datasheets: the same peak and bandwidth.
  const std::vector<RooflineInput> inputs{input("H100", false, 3350, {{"bf16", 989000}}),
                                          input("H800", false, 3350, {{"bf16", 989000}})};
  const RooflineLayout layout = roofline_layout(inputs);
  ASSERT_EQ(layout.roofs.size(), 2u);
  EXPECT_EQ(layout.roofs[0].shift, 0);
  EXPECT_EQ(layout.roofs[1].shift, kCoincidentShift);
  EXPECT_EQ(layout.roofs[1].hides_behind, 0u);
  const std::string svg = roofline_svg(inputs);
  EXPECT_NE(svg.find("drawn 3 px lower: it coincides with H100 bf16"), std::string::npos);
  EXPECT_EQ(count(svg, "<text class=\"ridge-label\""), 2u);  // both labelled
}

TEST(RooflineSvg, IntegerRoofsReadInOps) {
  RooflineInput chip = input("H20", false, 4000, {});
  chip.ceilings.compute.push_back(ceiling("int8", 296000, RateUnit::gigaops));
  chip.ceilings.integer_ridges.push_back(
      RidgePoint{"int8", 74, chip.ceilings.compute.back(), *chip.ceilings.best_bandwidth});
  chip.dtypes = {"int8"};
  const std::string svg = roofline_svg(std::vector<RooflineInput>{chip});
  EXPECT_EQ(count(svg, "<g class=\"roof\" data-input=\"H20\" data-dtype=\"int8\""), 1u);
  EXPECT_NE(svg.find(">H20 int8 74 op/B</text>"), std::string::npos);
  EXPECT_NE(svg.find(">int8 296 TOP/s / 4.00 TB/s = 74 op/B</text>"), std::string::npos);
  EXPECT_NE(svg.find(">attainable OP/s</text>"), std::string::npos);
  EXPECT_NE(svg.find(">100 TOP/s</text>"), std::string::npos);
  EXPECT_EQ(svg.find("FLOP/s"), std::string::npos);

  // Beside a floating-point roof both units are named, and the ticks carry none.
  RooflineInput both = chip;
  both.ceilings.compute.push_back(ceiling("bf16", 148000, RateUnit::gigaflops));
  both.ceilings.ridges.push_back(
      RidgePoint{"bf16", 37, both.ceilings.compute.back(), *both.ceilings.best_bandwidth});
  both.dtypes = {"bf16", "int8"};
  const std::string mixed = roofline_svg(std::vector<RooflineInput>{both});
  EXPECT_NE(mixed.find(">attainable FLOP/s; OP/s for integer</text>"), std::string::npos);
  EXPECT_NE(mixed.find(">100 T</text>"), std::string::npos);
  EXPECT_NE(mixed.find(">H20 bf16 37 flop/B</text>"), std::string::npos);
}

TEST(RooflineSvg, LabelsHaveAHaloACardAndTheirBox) {
  const std::string svg = roofline_svg(three_inputs());
  EXPECT_EQ(count(svg, "paint-order=\"stroke\""), 5u);  // one per ridge label
  EXPECT_EQ(count(svg, "<rect class=\"label-card\""), 5u);
  EXPECT_EQ(count(svg, "data-box=\""), 5u);
}

TEST(RooflineSvg, PartsForAPageScaleWithTheirContainer) {
  const RooflineSvgParts parts = roofline_svg_parts(three_inputs());
  for (const std::string* svg : {&parts.plot, &parts.legend}) {
    EXPECT_EQ(svg->rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
    EXPECT_NE(svg->find("width=\"100%\" style=\"max-width:"), std::string::npos);
    EXPECT_NE(svg->find("viewBox=\""), std::string::npos);
    const std::string open_tag = svg->substr(0, svg->find('>'));
    EXPECT_EQ(open_tag.find(" height="), std::string::npos) << open_tag;  // no fixed height
  }
  EXPECT_EQ(count(parts.plot, "<g class=\"ridge\""), 5u);
  EXPECT_EQ(count(parts.plot, "<g class=\"legend\""), 0u);
  EXPECT_EQ(count(parts.legend, "<g class=\"legend-entry\""), 5u);
  // The file of its own keeps its pixel size.
  EXPECT_NE(roofline_svg(three_inputs()).find(" width=\""), std::string::npos);
}

TEST(RooflineHtml, PageHoldsThePictureAndTheTables) {
  auto inputs = three_inputs();
  inputs[0].fits.push_back(*fit_roofline("fp64", inputs[0].sweeps["fp64"]));
  const std::string html = roofline_html(inputs);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(count(html, "<svg "), 2u);  // the plot and its legend, side by side or stacked
  EXPECT_EQ(count(html, "class=\"roofline-legend\""), 1u);
  EXPECT_EQ(count(html, "<table class=\"ridges\">"), 1u);
  EXPECT_EQ(count(html, "<table class=\"compute\">"), 3u);
  EXPECT_EQ(count(html, "<table class=\"fit\">"), 1u);
  EXPECT_NE(html.find("intensity/fp64/ai:8"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("</html>"), std::string::npos);
}

TEST(RooflineHtml, ADeviationThatRoundsToZeroIsZero) {
  EXPECT_EQ(format_signed_percent(-0.0004), "0.0%");
  EXPECT_EQ(format_signed_percent(0.0004), "0.0%");
  EXPECT_EQ(format_signed_percent(-0.0), "0.0%");
  EXPECT_EQ(format_signed_percent(0.0123), "+1.2%");
  EXPECT_EQ(format_signed_percent(-0.05), "-5.0%");
  EXPECT_EQ(format_signed_percent(-0.00051), "-0.1%");

  // A sweep exactly on its fitted roof, one point a hair below it.
  auto inputs = three_inputs();
  auto& sweep = inputs[0].sweeps["fp64"];
  for (auto& p : sweep) p.gflops = std::min(100.0, p.flop_per_byte * 20);
  sweep[1].gflops *= 0.99999;
  inputs[0].fits.push_back(*fit_roofline("fp64", sweep));
  const std::string html = roofline_html(inputs);
  EXPECT_EQ(html.find("-0.0%"), std::string::npos);
  EXPECT_NE(html.find("<td>0.0%</td>"), std::string::npos);
}

TEST(RooflineHtml, IntegerRidgesAreListedInOpsPerByte) {
  auto inputs = three_inputs();
  RooflineInput& h20 = inputs[1];
  h20.ceilings.compute.push_back(ceiling("int8", 296000, RateUnit::gigaops));
  h20.ceilings.integer_ridges.push_back(
      RidgePoint{"int8", 74, h20.ceilings.compute.back(), *h20.ceilings.best_bandwidth});
  const std::string html = roofline_html(inputs);
  EXPECT_NE(html.find("<td>296 TOP/s</td><td>4.00 TB/s</td><td>74.0 op/B</td>"), std::string::npos);
  EXPECT_NE(html.find("<td>37.0 flop/B</td>"), std::string::npos);
}

}  // namespace
}  // namespace ridgeline
