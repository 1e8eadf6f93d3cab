#include <gtest/gtest.h>

#include <vector>

#include "report/label_placer.hpp"
#include "report/text_extent.hpp"

namespace ridgeline {
namespace {

constexpr Box kArea{0, 0, 800, 600};

TEST(Segment, CrossesABoxOnlyWhereItPassesThrough) {
  const Box b{10, 10, 20, 20};
  EXPECT_TRUE((Segment{0, 15, 30, 15}.crosses(b)));   // straight through
  EXPECT_TRUE((Segment{12, 12, 14, 14}.crosses(b)));  // inside
  EXPECT_FALSE((Segment{0, 0, 30, 5}.crosses(b)));    // above
  EXPECT_FALSE((Segment{0, 45, 45, 0}.crosses(b)));   // past the corner
  EXPECT_TRUE((Segment{0, 30, 30, 0}.crosses(b)));    // through the corner region
}

TEST(LabelPlacer, ALoneLabelTouchesItsMarker) {
  LabelPlacer placer(kArea);
  placer.add_obstacle({400, 300, 6});
  const std::vector<LabelRequest> one{{400, 300, 6, 120, 16}};
  const auto spots = placer.place(one);
  ASSERT_EQ(spots.size(), 1u);
  EXPECT_FALSE(spots[0].leader);
  EXPECT_FALSE(spots[0].crowded);
  EXPECT_LT(spots[0].box.distance(400, 300), 10);
  EXPECT_LE(spots[0].box.y1, 300);  // above the marker, where a reader looks first
}

TEST(LabelPlacer, ALabelStepsOffALineWhenItCanStayClose) {
  LabelPlacer placer(kArea);
  placer.add_obstacle({400, 300, 6});
  // A line through every spot above the marker: the label goes below it.
  placer.add_line({0, 290, 800, 290});
  placer.add_line({0, 280, 800, 280});
  const std::vector<LabelRequest> one{{400, 300, 6, 120, 16}};
  const auto spots = placer.place(one);
  EXPECT_FALSE((Segment{0, 290, 800, 290}.crosses(spots[0].box)));
  EXPECT_LT(spots[0].box.distance(400, 300), 12);
}

TEST(LabelPlacer, ACrowdOfLabelsNeverOverlapsAndFarOnesGetLeaders) {
  LabelPlacer placer(kArea);
  std::vector<LabelRequest> requests;
  for (int i = 0; i < 30; ++i) {  // 30 markers within 50 x 50 units
    const double x = 380 + (i * 7) % 50, y = 280 + (i * 13) % 50;
    placer.add_obstacle({x, y, 5});
    requests.push_back({x, y, 5, 150, 16});
  }
  const auto spots = placer.place(requests);
  ASSERT_EQ(spots.size(), requests.size());
  for (std::size_t i = 0; i < spots.size(); ++i) {
    EXPECT_FALSE(spots[i].crowded) << i;
    EXPECT_TRUE(spots[i].box.inside(kArea)) << i;
    for (std::size_t j = 0; j < i; ++j) EXPECT_FALSE(spots[i].box.overlaps(spots[j].box)) << i;
    for (const auto& r : requests)
      EXPECT_FALSE((Disc{r.x, r.y, r.anchor_radius}.overlaps(spots[i].box))) << i;
    const bool far = spots[i].box.distance(requests[i].x, requests[i].y) > 20;
    EXPECT_TRUE(!far || spots[i].leader) << i;
  }
}

TEST(LabelPlacer, WithNoRoomAnywhereALabelIsStillPlacedAndSaysSo) {
  LabelPlacer placer({0, 0, 100, 40});
  const std::vector<LabelRequest> two{{50, 20, 4, 90, 30}, {50, 20, 4, 90, 30}};
  const auto spots = placer.place(two);
  EXPECT_TRUE(spots[0].crowded || spots[1].crowded);
}

TEST(TextExtent, WidthGrowsWithGlyphsAndCountsCodePoints) {
  EXPECT_GT(estimate_text_width("mmmm", 11), estimate_text_width("iiii", 11));
  EXPECT_DOUBLE_EQ(estimate_text_width("ab", 22), 2 * estimate_text_width("ab", 11));
  EXPECT_DOUBLE_EQ(estimate_text_width("\xC3\xA9", 10), estimate_text_width("\xE2\x80\x94", 10));
  // "H20 bf16 37 flop/B" is 9.6 em in DejaVu Sans: the estimate is not below it.
  EXPECT_GE(estimate_text_width("H20 bf16 37 flop/B", 10), 96);
  EXPECT_GT(text_box_height(11), 11);
}

}  // namespace
}  // namespace ridgeline
