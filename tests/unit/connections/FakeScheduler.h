// A Scheduler whose timers fire only when the test advances its clock.
// Thread-safe, so a test can fire timers while another thread waits on them.
#pragma once

#include <condition_variable>
#include <map>
#include <mutex>

#include "connections/Scheduler.h"

namespace wx::testing {

class FakeScheduler : public connections::Scheduler {
 public:
  TimerId schedule(std::chrono::milliseconds delay, std::function<void()> task) override {
    std::lock_guard lock(mutex_);
    TimerId id = nextId_++;
    timers_[id] = {now_ + delay, std::move(task)};
    changed_.notify_all();
    return id;
  }
  void cancel(TimerId id) override {
    std::lock_guard lock(mutex_);
    timers_.erase(id);
  }

  // Moves time forward, firing (on this thread) every timer that falls due.
  void advance(std::chrono::milliseconds by) {
    std::unique_lock lock(mutex_);
    now_ += by;
    for (auto it = nextDue(); it != timers_.end(); it = nextDue()) {
      auto task = std::move(it->second.task);
      timers_.erase(it);
      lock.unlock();
      task();
      lock.lock();
    }
  }

  size_t pending() {
    std::lock_guard lock(mutex_);
    return timers_.size();
  }

  // Waits (up to 5 s) until `count` timers are pending; false on timeout.
  bool waitForPending(size_t count) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(5),
                             [&] { return timers_.size() >= count; });
  }

 private:
  struct Timer {
    std::chrono::milliseconds due;
    std::function<void()> task;
  };
  std::map<TimerId, Timer>::iterator nextDue() {
    for (auto it = timers_.begin(); it != timers_.end(); ++it) {
      if (it->second.due <= now_) return it;
    }
    return timers_.end();
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  std::chrono::milliseconds now_{0};
  TimerId nextId_ = 1;
  std::map<TimerId, Timer> timers_;
};

}  // namespace wx::testing
