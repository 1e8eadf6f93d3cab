// The random cycle a pointer chase follows (kernels/working_set.hpp PointerChase), and
// the model that says where a correct chase stands after any number of loads. Host code
// shared by every backend: the CPU chases the words in place, a GPU uploads them.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "kernels/working_set.hpp"

namespace ridgeline {

class ChaseCycle {
 public:
  // A uniformly random cycle through all `slots` slots (at least 2, at most 2^27, so word
  // indices fit 32 bits), drawn from `seed`.
  ChaseCycle(std::uint64_t slots, std::uint64_t seed);

  std::uint64_t slots() const { return order_.size(); }
  // Writes the cycle into `words` (slots x kChaseSlotWords): the first word of each slot
  // holds the word index of the next slot in the cycle, the rest kChaseUnusedWord.
  void write(std::span<std::uint32_t> words) const;
  // Where a chase that started at index 0 stands after `loads` loads: the slot `loads`
  // hops along the cycle, having arrived at index 0 once per full turn.
  kernels::ChaseState after(std::uint64_t loads) const;

 private:
  std::vector<std::uint32_t> order_;  // order_[j]: the slot j hops after slot 0
};

// Slots of a working set of `bytes` (whole slots only).
std::uint64_t chase_slots(std::uint64_t bytes);
// Dependent loads per call: at least one full turn of the cycle where that is at most
// 2^18 loads (so every slot of a cache-sized set is touched every call), otherwise 2^18
// (about 0.2 s at a GPU's DRAM latency); never fewer than 2^16, so a call lasts long
// against its launch even in L1.
std::uint64_t chase_loads_per_call(std::uint64_t slots);

}  // namespace ridgeline
