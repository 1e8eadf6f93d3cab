#include "watchdog.hpp"

#include <utility>

namespace ridgeline {

Watchdog::Watchdog() : thread_([this] { watch(); }) {}

Watchdog::~Watchdog() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

Watchdog::Call::Call(Watchdog& dog, Clock::time_point deadline, OnOverdue on_overdue) : dog_(dog) {
  {
    std::lock_guard lock(dog_.mutex_);
    dog_.in_call_ = true;
    dog_.given_up_ = false;
    dog_.deadline_ = deadline;
    dog_.on_overdue_ = std::move(on_overdue);
  }
  dog_.wake_.notify_one();
}

Watchdog::Call::~Call() {
  // Blocks while on_overdue runs: it holds the mutex throughout.
  std::lock_guard lock(dog_.mutex_);
  dog_.in_call_ = false;
  dog_.on_overdue_ = nullptr;
}

void Watchdog::watch() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (!in_call_ || given_up_) {
      wake_.wait(lock);
    } else if (Clock::now() >= deadline_) {
      const auto again = on_overdue_();
      if (again)
        deadline_ = *again;
      else
        given_up_ = true;
    } else {
      wake_.wait_until(lock, deadline_);
    }
  }
}

}  // namespace ridgeline
