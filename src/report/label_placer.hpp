// Where the text labels of a picture go: each beside its anchor (a marker), overlapping no
// other label and no marker, inside the plot, crossing as few drawn lines as it can.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace ridgeline {

// An axis-aligned box in SVG user units (y grows downwards).
struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
  bool inside(const Box& o) const { return x0 >= o.x0 && x1 <= o.x1 && y0 >= o.y0 && y1 <= o.y1; }
  // Distance from a point to the nearest point of the box (0 inside).
  double distance(double x, double y) const;
};

// A marker as an obstacle: a disc holding its whole shape.
struct Disc {
  double x = 0, y = 0, r = 0;
  bool overlaps(const Box& b) const { return b.distance(x, y) < r; }
};

struct Segment {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool crosses(const Box& b) const;
};

// A w x h label for the marker of radius `anchor_radius` at (x, y).
struct LabelRequest {
  double x = 0, y = 0, anchor_radius = 0, width = 0, height = 0;
};

struct LabelSpot {
  Box box;
  bool leader = false;   // away from its anchor: a thin line should lead back to it
  bool crowded = false;  // no free spot anywhere: it overlaps something (a last resort)
};

// Each label takes the cheapest free spot, cost = distance from its anchor + a penalty per
// drawn line (or other label's leader) crossed + a small preference for the upper right.
// Spots are tried in 16 directions at growing distances, touching the marker first and
// then nudged out (~200 units at most, with a leader line); failing that, the nearest free
// spot anywhere in the area. Greedy in an order (the one given and two others, the
// cheapest result kept), then a few passes move each label to a cheaper spot if the others
// have left one free.
class LabelPlacer {
 public:
  explicit LabelPlacer(Box area) : area_(area) {}
  void add_obstacle(Disc d) { markers_.push_back(d); }
  void add_line(Segment s) { lines_.push_back(s); }

  std::vector<LabelSpot> place(std::span<const LabelRequest> requests);

 private:
  struct Choice {
    Box box;
    double cost = 0;
  };
  std::optional<Choice> best_spot(const LabelRequest& r, std::size_t self) const;
  double cost(const LabelRequest& r, const Box& b, std::size_t self) const;
  bool is_free(const Box& b, std::size_t self) const;
  void put(std::size_t i, const LabelRequest& r, const Box& b);
  // Places every label in `order`, then improves; returns the total cost.
  double arrange(std::span<const LabelRequest> requests, std::span<const std::size_t> order,
                 std::vector<bool>& crowded);

  Box area_;
  std::vector<Disc> markers_;
  std::vector<Segment> lines_;
  std::vector<std::optional<Box>> boxes_;        // per request, once placed
  std::vector<std::optional<Segment>> leaders_;  // per request
};

}  // namespace ridgeline
