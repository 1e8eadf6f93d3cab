#include "report/label_placer.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>

namespace ridgeline {
namespace {

constexpr double kGap = 3;           // between a marker's edge and its label
constexpr double kLabelPadding = 1;  // kept free between two labels
constexpr double kCrossingCost = 6;  // a crossed line costs as much as moving this far
constexpr double kLeaderFrom = 6;    // nudged further than this: draw a leader line
constexpr double kLeaderThroughLabelCost = 40;
constexpr int kDirections = 16;
constexpr int kImprovementPasses = 3;
constexpr double kCrowdedCost = 1e6;    // a label with no free spot: worse than any spot
constexpr double kCrowdingRadius = 60;  // markers this near make an anchor crowded
constexpr std::array<double, 14> kNudges{0, 3, 6, 10, 15, 21, 28, 37, 48, 62, 80, 105, 140, 190};

// Upper right first, then right and above, ...: ties go to where a reader looks first.
double direction_preference(const LabelRequest& r, const Box& b) {
  const double dx = (b.x0 + b.x1) / 2 - r.x, dy = (b.y0 + b.y1) / 2 - r.y;
  const double length = std::hypot(dx, dy);
  if (length == 0) return 0;
  const double right = dx / length, up = -dy / length;  // SVG y grows downwards
  return 1.0 * (1 - right) + 0.75 * (1 - up);
}

// A w x h box in direction (c, s) from the anchor, moved out until its nearest point is
// `clearance` away.
Box box_towards(const LabelRequest& r, double c, double s, double clearance) {
  const double px = r.x + c * clearance, py = r.y + s * clearance;
  Box b{px - r.width * (1 - c) / 2, py - r.height * (1 - s) / 2, 0, 0};
  b.x1 = b.x0 + r.width;
  b.y1 = b.y0 + r.height;
  for (int i = 0; i < 4; ++i) {
    const double short_by = clearance - b.distance(r.x, r.y);
    if (short_by <= 0.01) break;
    b = {b.x0 + c * short_by, b.y0 + s * short_by, b.x1 + c * short_by, b.y1 + s * short_by};
  }
  return b;
}

bool needs_leader(const LabelRequest& r, const Box& b) {
  return b.distance(r.x, r.y) > r.anchor_radius + kGap + kLeaderFrom;
}

// From the anchor to the nearest point of the label's box.
Segment leader_of(const LabelRequest& r, const Box& b) {
  return {r.x, r.y, std::clamp(r.x, b.x0, b.x1), std::clamp(r.y, b.y0, b.y1)};
}

}  // namespace

double Box::distance(double x, double y) const {
  const double dx = std::max({x0 - x, 0.0, x - x1}), dy = std::max({y0 - y, 0.0, y - y1});
  return std::hypot(dx, dy);
}

// Liang-Barsky: clip the segment's parameter range to the box's four slabs.
bool Segment::crosses(const Box& b) const {
  double t0 = 0, t1 = 1;
  const double dx = x1 - x0, dy = y1 - y0;
  auto clip = [&](double p, double q) {
    if (p == 0) return q >= 0;
    const double t = q / p;
    if (p < 0) {
      if (t > t1) return false;
      t0 = std::max(t0, t);
    } else {
      if (t < t0) return false;
      t1 = std::min(t1, t);
    }
    return true;
  };
  return clip(-dx, x0 - b.x0) && clip(dx, b.x1 - x0) && clip(-dy, y0 - b.y0) &&
         clip(dy, b.y1 - y0) && t0 <= t1;
}

bool LabelPlacer::is_free(const Box& b, std::size_t self) const {
  if (!b.inside(area_)) return false;
  const Box padded{b.x0 - kLabelPadding, b.y0 - kLabelPadding, b.x1 + kLabelPadding,
                   b.y1 + kLabelPadding};
  for (std::size_t i = 0; i < boxes_.size(); ++i)
    if (i != self && boxes_[i] && boxes_[i]->overlaps(padded)) return false;
  return std::none_of(markers_.begin(), markers_.end(),
                      [&](const Disc& d) { return d.overlaps(padded); });
}

double LabelPlacer::cost(const LabelRequest& r, const Box& b, std::size_t self) const {
  int crossed = static_cast<int>(
      std::count_if(lines_.begin(), lines_.end(), [&](const Segment& s) { return s.crosses(b); }));
  for (std::size_t i = 0; i < leaders_.size(); ++i)
    if (i != self && leaders_[i] && leaders_[i]->crosses(b)) ++crossed;
  // A leader through another label reads as pointing at that one.
  int labels_led_through = 0;
  if (needs_leader(r, b)) {
    const Segment leader = leader_of(r, b);
    for (std::size_t i = 0; i < boxes_.size(); ++i)
      if (i != self && boxes_[i] && leader.crosses(*boxes_[i])) ++labels_led_through;
  }
  return b.distance(r.x, r.y) + kCrossingCost * crossed +
         kLeaderThroughLabelCost * labels_led_through + direction_preference(r, b);
}

std::optional<LabelPlacer::Choice> LabelPlacer::best_spot(const LabelRequest& r,
                                                          std::size_t self) const {
  std::optional<Choice> best;
  for (const double nudge : kNudges) {
    const double clearance = r.anchor_radius + kGap + nudge;
    if (best && clearance >= best->cost) break;  // every spot further out costs more
    for (int k = 0; k < kDirections; ++k) {
      const double angle = 2 * std::numbers::pi * k / kDirections;
      const Box b = box_towards(r, std::cos(angle), std::sin(angle), clearance);
      if (!is_free(b, self)) continue;
      const double c = cost(r, b, self);
      if (!best || c < best->cost) best = Choice{b, c};
    }
  }
  if (best) return best;
  // Crowded beyond the rings: the nearest free spot anywhere, with a leader.
  constexpr double kStep = 4;
  double best_distance = std::numeric_limits<double>::infinity();
  for (double y0 = area_.y0; y0 + r.height <= area_.y1; y0 += kStep)
    for (double x0 = area_.x0; x0 + r.width <= area_.x1; x0 += kStep) {
      const Box b{x0, y0, x0 + r.width, y0 + r.height};
      const double d = b.distance(r.x, r.y);
      if (d < best_distance && is_free(b, self)) {
        best = Choice{b, cost(r, b, self)};
        best_distance = d;
      }
    }
  return best;
}

void LabelPlacer::put(std::size_t i, const LabelRequest& r, const Box& b) {
  boxes_[i] = b;
  leaders_[i].reset();
  if (needs_leader(r, b)) leaders_[i] = leader_of(r, b);
}

double LabelPlacer::arrange(std::span<const LabelRequest> requests,
                            std::span<const std::size_t> order, std::vector<bool>& crowded) {
  boxes_.assign(requests.size(), std::nullopt);
  leaders_.assign(requests.size(), std::nullopt);
  crowded.assign(requests.size(), false);
  for (const std::size_t i : order) {
    const LabelRequest& r = requests[i];
    if (const auto spot = best_spot(r, i)) {
      put(i, r, spot->box);
    } else {  // nowhere free: beside the anchor, overlapping, rather than not at all
      put(i, r, box_towards(r, 1, 0, r.anchor_radius + kGap));
      crowded[i] = true;
    }
  }
  for (int pass = 0; pass < kImprovementPasses; ++pass) {
    bool moved = false;
    for (const std::size_t i : order) {
      if (crowded[i]) continue;
      const double now = cost(requests[i], *boxes_[i], i);
      const auto spot = best_spot(requests[i], i);
      if (spot && spot->cost < now - 0.5) {
        put(i, requests[i], spot->box);
        moved = true;
      }
    }
    if (!moved) break;
  }
  double total = 0;
  for (std::size_t i = 0; i < requests.size(); ++i)
    total += crowded[i] ? kCrowdedCost : cost(requests[i], *boxes_[i], i);
  return total;
}

std::vector<LabelSpot> LabelPlacer::place(std::span<const LabelRequest> requests) {
  // Greedy placement depends on the order; a few orders are tried and the cheapest
  // arrangement kept: as given (the caller's priority), most crowded anchor first, and
  // right to left (ridges further right tend to sit in denser bundles of roofs).
  std::vector<std::size_t> given(requests.size());
  for (std::size_t i = 0; i < given.size(); ++i) given[i] = i;
  auto crowding = [&](std::size_t i) {
    return std::count_if(markers_.begin(), markers_.end(), [&](const Disc& d) {
      return std::hypot(d.x - requests[i].x, d.y - requests[i].y) < kCrowdingRadius;
    });
  };
  std::vector<std::size_t> crowded_first = given, right_first = given;
  std::stable_sort(crowded_first.begin(), crowded_first.end(),
                   [&](std::size_t a, std::size_t b) { return crowding(a) > crowding(b); });
  std::stable_sort(right_first.begin(), right_first.end(),
                   [&](std::size_t a, std::size_t b) { return requests[a].x > requests[b].x; });

  std::vector<bool> crowded;
  std::optional<std::size_t> best;
  double best_total = std::numeric_limits<double>::infinity();
  const std::array<const std::vector<std::size_t>*, 3> orders{&given, &crowded_first, &right_first};
  for (std::size_t k = 0; k < orders.size(); ++k) {
    const double total = arrange(requests, *orders[k], crowded);
    if (total < best_total) {
      best_total = total;
      best = k;
    }
  }
  if (best != orders.size() - 1) arrange(requests, *orders[*best], crowded);
  std::vector<LabelSpot> spots;
  for (std::size_t i = 0; i < requests.size(); ++i)
    spots.push_back(LabelSpot{*boxes_[i], leaders_[i].has_value(), crowded[i]});
  return spots;
}

}  // namespace ridgeline
