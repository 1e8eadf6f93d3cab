// The host models behind the working-set, transfer and 16-bit intensity kernels: the
// chase's cycle and where a correct chase stands, how a copy's bytes are counted, and the
// counting walk the 16-bit intensity points verify against.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <set>
#include <vector>

#include "core/catalogue.hpp"
#include "core/chase_cycle.hpp"
#include "core/transfer.hpp"
#include "kernels/arithmetic.hpp"
#include "kernels/transfer.hpp"
#include "kernels/working_set.hpp"

namespace ridgeline {
namespace {
namespace k = kernels;

std::vector<std::uint32_t> written(const ChaseCycle& cycle) {
  std::vector<std::uint32_t> words(cycle.slots() * k::kChaseSlotWords);
  cycle.write(words);
  return words;
}

TEST(ChaseCycle, OneCycleThroughEverySlotBackToTheStart) {
  for (std::uint64_t slots : {2u, 3u, 64u, 1000u}) {
    const ChaseCycle cycle(slots, 7);
    const auto words = written(cycle);
    std::set<std::uint32_t> seen;
    std::uint32_t i = 0;
    for (std::uint64_t s = 0; s < slots; ++s) {
      EXPECT_EQ(i % k::kChaseSlotWords, 0u) << "a hop lands inside a slot";
      EXPECT_TRUE(seen.insert(i).second) << "slot visited twice before the cycle closed";
      i = words[i];
    }
    EXPECT_EQ(i, 0u) << "the cycle does not close after exactly " << slots << " loads";
    EXPECT_EQ(seen.size(), slots);
  }
}

TEST(ChaseCycle, TheModelIsWhereTheChaseStands) {
  const ChaseCycle cycle(257, 1);
  const auto words = written(cycle);
  k::ChaseState state;
  std::uint64_t loads = 0;
  for (std::uint64_t steps : {1u, 5u, 256u, 257u, 1000u}) {
    state = k::chase(words.data(), state, steps);
    loads += steps;
    EXPECT_EQ(state, cycle.after(loads)) << "after " << loads << " loads";
  }
  // One load short is not the same state: the check sees a skipped load.
  EXPECT_NE(cycle.after(loads - 1), cycle.after(loads));
  // A whole turn short leaves the index but not the count of arrivals at slot 0.
  EXPECT_EQ(cycle.after(loads - 257).index, state.index);
  EXPECT_NE(cycle.after(loads - 257).visits, state.visits);
}

TEST(ChaseCycle, UnusedWordsAreNeverAnIndexAndSizesAreChecked) {
  const auto words = written(ChaseCycle(4, 3));
  for (std::size_t i = 0; i < words.size(); ++i)
    if (i % k::kChaseSlotWords != 0) {
      EXPECT_EQ(words[i], k::kChaseUnusedWord);
    }
  EXPECT_THROW(ChaseCycle(1, 0), std::invalid_argument);
  EXPECT_EQ(chase_slots(64 * 1024), 64 * 1024 / k::kChaseSlotBytes);
  EXPECT_EQ(chase_loads_per_call(2), std::uint64_t{1} << 16);
  EXPECT_EQ(chase_loads_per_call(100'000), 100'000u);
  EXPECT_EQ(chase_loads_per_call(std::uint64_t{1} << 24), std::uint64_t{1} << 18);
}

TEST(Transfer, EachByteCountsOnceInItsDirection) {
  const std::uint64_t n = 1000;
  EXPECT_DOUBLE_EQ(work_per_call(k::HostToDevice::decl, DType::fp32, n).bytes, 4.0 * n);
  EXPECT_DOUBLE_EQ(work_per_call(k::DeviceToHost::decl, DType::fp32, n).bytes, 4.0 * n);
  EXPECT_DOUBLE_EQ(work_per_call(k::Bidirectional::decl, DType::fp32, n).bytes, 8.0 * n);
  EXPECT_EQ(rate_unit(Family::transfer, DType::fp32), RateUnit::gigabytes);
}

TEST(Transfer, VariantsAreTheWaysThatCanRun) {
  const auto one_way = transfer_variants(k::HostToDevice::decl);
  ASSERT_EQ(one_way.size(), 3u);
  EXPECT_EQ(one_way[2], (TransferParams{HostMemory::pageable, CopyEngine::copy_engine}));
  for (const TransferParams& how : transfer_variants(k::Bidirectional::decl))
    EXPECT_EQ(how.host, HostMemory::pinned);
  EXPECT_TRUE(transfer_variants(k::CacheRead::decl).empty());
  EXPECT_EQ(parse_copy_engine("sm"), CopyEngine::sm_kernel);
  EXPECT_EQ(parse_host_memory("pageable"), HostMemory::pageable);
  EXPECT_FALSE(parse_host_memory("paged"));
}

TEST(Latency, NanosecondsPerLoadAreLowerIsBetter) {
  EXPECT_EQ(rate_unit(Family::latency, DType::int32), RateUnit::nanoseconds_per_load);
  EXPECT_TRUE(lower_is_better(RateUnit::nanoseconds_per_load));
  EXPECT_FALSE(lower_is_better(RateUnit::gigabytes));
  EXPECT_EQ(parse_rate_unit("ns/load"), RateUnit::nanoseconds_per_load);
}

TEST(CountingWalk, EveryCallMovesTheValuesAndTheModelCountsThem) {
  // fp32 steps (exact for these integers, as the packed 16-bit FMAs are) against offset().
  for (std::int64_t steps : {1, 7, 64}) {
    float x = 3;
    for (std::uint64_t call = 0; call < 6; ++call) {
      for (std::int64_t s = 0; s < steps; ++s)
        x = k::CountingWalk::step(x, k::CountingWalk::down(call));
      EXPECT_EQ(x, 3.0f + static_cast<float>(k::CountingWalk::offset(call + 1, steps)))
          << steps << " steps, call " << call;
      // A skipped call leaves a different value: consecutive offsets differ.
      EXPECT_NE(k::CountingWalk::offset(call + 1, steps), k::CountingWalk::offset(call + 2, steps));
    }
  }
  EXPECT_EQ(k::intensity_fma_granule(DType::fp16), 2);
  EXPECT_EQ(k::intensity_fma_granule(DType::fp32), 1);
}

}  // namespace
}  // namespace ridgeline
