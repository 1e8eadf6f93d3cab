// The threads of --device cuda:all as one rank group: barriers, exchanges, leaving, and a
// barrier that gives up instead of waiting forever for a thread that never comes.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "fleet/collective_backend.hpp"
#include "fleet/thread_rank_group.hpp"

namespace ridgeline::fleet {
namespace {

template <class Body>
void on_threads(int n, Body body) {
  auto fleet = std::make_shared<ThreadFleet>(n);
  std::vector<std::thread> threads;
  for (int r = 0; r < n; ++r)
    threads.emplace_back([fleet, r, &body] {
      ThreadRankGroup group(fleet, r);
      body(group);
    });
  for (auto& t : threads) t.join();
}

TEST(ThreadRankGroup, NoThreadPassesTheBarrierBeforeAllArrive) {
  std::atomic<int> arrived{0};
  std::atomic<int> early{0};
  on_threads(4, [&](ThreadRankGroup& g) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10 * g.rank()));
    ++arrived;
    EXPECT_TRUE(g.barrier(10));
    if (arrived.load() != 4) ++early;
  });
  EXPECT_EQ(early.load(), 0);
}

TEST(ThreadRankGroup, ExchangesGiveEveryRankTheSameAnswer) {
  on_threads(3, [](ThreadRankGroup& g) {
    for (int round = 0; round < 20; ++round) {
      EXPECT_EQ(g.max_over_ranks(g.rank() * 10.0 + round), 20.0 + round);
      const auto texts = g.all_gather_text("rank" + std::to_string(g.rank()));
      EXPECT_EQ(texts, (std::vector<std::string>{"rank0", "rank1", "rank2"}));
      char id[8] = {};
      if (g.rank() == 0) std::snprintf(id, sizeof id, "id%d", round);
      g.broadcast_bytes(id, sizeof id, 0);
      EXPECT_EQ(std::string(id), "id" + std::to_string(round));
    }
  });
}

TEST(ThreadRankGroup, ARankThatLeftIsNotWaitedFor) {
  on_threads(3, [](ThreadRankGroup& g) {
    if (g.rank() == 2) {
      g.leave();
      return;
    }
    EXPECT_TRUE(g.barrier(10));
    EXPECT_EQ(g.max_over_ranks(g.rank()), 1.0) << "the one that left has no value";
  });
}

TEST(ThreadRankGroup, ABarrierGivesUpAndTheGroupIsOutOfStep) {
  auto fleet = std::make_shared<ThreadFleet>(2);
  ThreadRankGroup alone(fleet, 0);  // rank 1 never comes
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(alone.barrier(0.2));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_FALSE(alone.in_step());
  EXPECT_FALSE(alone.barrier(10)) << "out of step for good, without waiting again";
}

TEST(RankRange, Text) {
  EXPECT_EQ(rank_range_text(1), "0");
  EXPECT_EQ(rank_range_text(4), "0-3");
}

}  // namespace
}  // namespace ridgeline::fleet
