// The devices of `run --device cuda:all` (one measuring thread each) as one group, so
// they start every benchmark together as an MPI job's ranks do.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "fleet/rank_group.hpp"

namespace ridgeline::fleet {

// What the threads share; make one, then one ThreadRankGroup per thread.
class ThreadFleet {
 public:
  explicit ThreadFleet(int members);

 private:
  friend class ThreadRankGroup;
  std::mutex mutex_;
  std::condition_variable changed_;
  int size_;
  int members_;  // still taking part: a thread that finished left
  int arrived_ = 0;
  std::uint64_t generation_ = 0;
  bool broken_ = false;
  std::vector<double> values_;
  std::vector<std::string> texts_;
  std::vector<unsigned char> bytes_;
};

class ThreadRankGroup final : public RankGroup {
 public:
  ThreadRankGroup(std::shared_ptr<ThreadFleet> fleet, int rank);
  ~ThreadRankGroup() override { leave(); }
  ThreadRankGroup(const ThreadRankGroup&) = delete;
  ThreadRankGroup& operator=(const ThreadRankGroup&) = delete;

  int rank() const override { return rank_; }
  int size() const override { return fleet_->size_; }
  std::string description() const override { return "threads"; }
  bool barrier(double timeout_seconds) override;
  bool in_step() const override;
  double max_over_ranks(double value) override;
  std::vector<std::string> all_gather_text(const std::string& mine) override;
  void broadcast_bytes(void* data, std::size_t bytes, int root) override;
  // This thread is done: the others no longer wait for it. Idempotent.
  void leave();

 private:
  bool wait_for_all(std::unique_lock<std::mutex>& lock, double timeout_seconds);

  std::shared_ptr<ThreadFleet> fleet_;
  int rank_;
  bool left_ = false;
};

}  // namespace ridgeline::fleet
