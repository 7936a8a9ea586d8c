// The real Scheduler: one thread that sleeps until the next deadline.
#pragma once

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "connections/Scheduler.h"

namespace wx::connections {

class ThreadScheduler : public Scheduler {
 public:
  ThreadScheduler();
  ~ThreadScheduler() override;  // drops timers that have not fired

  TimerId schedule(std::chrono::milliseconds delay, std::function<void()> task) override;
  void cancel(TimerId id) override;

 private:
  void run();

  using Deadline = std::chrono::steady_clock::time_point;
  std::mutex mutex_;
  std::condition_variable wake_;
  // Ordered by deadline, then by id so equal deadlines keep their order.
  std::map<std::pair<Deadline, TimerId>, std::function<void()>> timers_;
  std::map<TimerId, Deadline> deadlines_;
  TimerId nextId_ = 1;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace wx::connections
