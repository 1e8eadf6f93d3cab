// Watches calls into a backend from a thread of its own. A kernel that hangs cannot be
// interrupted from the thread that launched it, so something else has to notice.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

namespace ridgeline {

class Watchdog {
 public:
  using Clock = std::chrono::steady_clock;

  Watchdog();
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  // Returns a later time to be called again if the call is still running then, or
  // nothing to stop watching it.
  using OnOverdue = std::function<std::optional<Clock::time_point>()>;

  // Marks one call into the backend, from construction to destruction. If the call is
  // still running at `deadline`, `on_overdue` runs on the watchdog thread. The call's
  // end waits until `on_overdue` has returned, so `on_overdue` may read what the calling
  // thread left behind before the call, and nothing the caller does after it.
  class Call {
   public:
    Call(Watchdog& dog, Clock::time_point deadline, OnOverdue on_overdue);
    ~Call();
    Call(const Call&) = delete;
    Call& operator=(const Call&) = delete;

   private:
    Watchdog& dog_;
  };

 private:
  void watch();

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool in_call_ = false;
  bool given_up_ = false;  // on_overdue asked not to be called again for this call
  Clock::time_point deadline_{};
  OnOverdue on_overdue_;
  std::thread thread_;  // last: started once the state above exists
};

}  // namespace ridgeline
