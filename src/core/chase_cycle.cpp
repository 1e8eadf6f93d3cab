#include "core/chase_cycle.hpp"

#include <algorithm>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>

namespace ridgeline {
namespace k = kernels;

ChaseCycle::ChaseCycle(std::uint64_t slots, std::uint64_t seed) {
  constexpr std::uint64_t kMostSlots = std::uint64_t{1} << 27;  // 2^32 words of 4 bytes
  if (slots < 2 || slots > kMostSlots)
    throw std::invalid_argument("a chase needs 2 to 2^27 slots, not " + std::to_string(slots));
  order_.resize(slots);
  std::iota(order_.begin(), order_.end(), std::uint32_t{0});
  // Slot 0 first, the others in a uniformly random order (Fisher-Yates with a 64-bit
  // generator: the draw is the same on every host and standard library).
  std::mt19937_64 random(seed);
  for (std::uint64_t j = slots - 1; j > 1; --j) {
    const std::uint64_t pick = 1 + random() % j;  // in [1, j]; the bias of % is below 2^-36
    std::swap(order_[j], order_[pick]);
  }
}

void ChaseCycle::write(std::span<std::uint32_t> words) const {
  if (words.size() != order_.size() * k::kChaseSlotWords)
    throw std::invalid_argument("chase words do not match the cycle's slots");
  std::fill(words.begin(), words.end(), k::kChaseUnusedWord);
  for (std::size_t j = 0; j < order_.size(); ++j) {
    const std::uint32_t next = order_[(j + 1) % order_.size()];
    words[order_[j] * k::kChaseSlotWords] = next * static_cast<std::uint32_t>(k::kChaseSlotWords);
  }
}

k::ChaseState ChaseCycle::after(std::uint64_t loads) const {
  const std::uint64_t turns = loads / order_.size();
  const std::uint32_t slot = order_[loads % order_.size()];
  return {slot * static_cast<std::uint32_t>(k::kChaseSlotWords), turns};
}

std::uint64_t chase_slots(std::uint64_t bytes) { return bytes / k::kChaseSlotBytes; }

std::uint64_t chase_loads_per_call(std::uint64_t slots) {
  return std::clamp<std::uint64_t>(slots, std::uint64_t{1} << 16, std::uint64_t{1} << 18);
}

}  // namespace ridgeline
