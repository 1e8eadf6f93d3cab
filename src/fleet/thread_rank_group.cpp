#include "fleet/thread_rank_group.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <limits>

#include "stop_request.hpp"

namespace ridgeline::fleet {
namespace {
// How often a waiting thread looks at the stop request.
constexpr auto kStopPoll = std::chrono::milliseconds(50);
}  // namespace

ThreadFleet::ThreadFleet(int members)
    : size_(members),
      members_(members),
      values_(static_cast<std::size_t>(members), -std::numeric_limits<double>::infinity()),
      texts_(static_cast<std::size_t>(members)) {}

ThreadRankGroup::ThreadRankGroup(std::shared_ptr<ThreadFleet> fleet, int rank)
    : fleet_(std::move(fleet)), rank_(rank) {}

bool ThreadRankGroup::wait_for_all(std::unique_lock<std::mutex>& lock, double timeout_seconds) {
  ThreadFleet& f = *fleet_;
  if (f.broken_) return false;
  const std::uint64_t generation = f.generation_;
  if (++f.arrived_ >= f.members_) {
    f.arrived_ = 0;
    ++f.generation_;
    f.changed_.notify_all();
    return true;
  }
  const auto until = std::chrono::steady_clock::now() +
                     std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                         std::chrono::duration<double>(timeout_seconds));
  while (f.generation_ == generation && !f.broken_) {
    if (stop_requested() || std::chrono::steady_clock::now() >= until) {
      f.broken_ = true;
      f.changed_.notify_all();
      break;
    }
    f.changed_.wait_for(lock, kStopPoll);
  }
  return f.generation_ != generation;
}

bool ThreadRankGroup::barrier(double timeout_seconds) {
  std::unique_lock lock(fleet_->mutex_);
  return wait_for_all(lock, timeout_seconds);
}

bool ThreadRankGroup::in_step() const {
  std::lock_guard lock(fleet_->mutex_);
  return !fleet_->broken_;
}

// Each exchange writes this thread's slot, waits for all, reads, and waits again so no
// thread overwrites a slot before every thread has read it.
double ThreadRankGroup::max_over_ranks(double value) {
  constexpr double kExchangeTimeout = 600;
  std::unique_lock lock(fleet_->mutex_);
  fleet_->values_[static_cast<std::size_t>(rank_)] = value;
  if (!wait_for_all(lock, kExchangeTimeout)) return value;
  const double most = *std::max_element(fleet_->values_.begin(), fleet_->values_.end());
  wait_for_all(lock, kExchangeTimeout);
  return most;
}

std::vector<std::string> ThreadRankGroup::all_gather_text(const std::string& mine) {
  constexpr double kExchangeTimeout = 600;
  std::unique_lock lock(fleet_->mutex_);
  fleet_->texts_[static_cast<std::size_t>(rank_)] = mine;
  if (!wait_for_all(lock, kExchangeTimeout)) return {mine};
  std::vector<std::string> all = fleet_->texts_;
  wait_for_all(lock, kExchangeTimeout);
  return all;
}

void ThreadRankGroup::broadcast_bytes(void* data, std::size_t bytes, int root) {
  constexpr double kExchangeTimeout = 600;
  std::unique_lock lock(fleet_->mutex_);
  if (rank_ == root) {
    const auto* p = static_cast<const unsigned char*>(data);
    fleet_->bytes_.assign(p, p + bytes);
  }
  if (!wait_for_all(lock, kExchangeTimeout)) return;
  if (rank_ != root && fleet_->bytes_.size() == bytes)
    std::memcpy(data, fleet_->bytes_.data(), bytes);
  wait_for_all(lock, kExchangeTimeout);
}

void ThreadRankGroup::leave() {
  std::lock_guard lock(fleet_->mutex_);
  if (left_) return;
  left_ = true;
  ThreadFleet& f = *fleet_;
  --f.members_;
  f.values_[static_cast<std::size_t>(rank_)] = -std::numeric_limits<double>::infinity();
  if (f.arrived_ > 0 && f.arrived_ >= f.members_) {  // the rest were waiting for this one
    f.arrived_ = 0;
    ++f.generation_;
    f.changed_.notify_all();
  }
}

}  // namespace ridgeline::fleet
