#include "connections/ThreadScheduler.h"

#include <spdlog/spdlog.h>

namespace wx::connections {

ThreadScheduler::ThreadScheduler() : thread_([this] { run(); }) {}

ThreadScheduler::~ThreadScheduler() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

Scheduler::TimerId ThreadScheduler::schedule(std::chrono::milliseconds delay,
                                             std::function<void()> task) {
  std::lock_guard lock(mutex_);
  TimerId id = nextId_++;
  Deadline deadline = std::chrono::steady_clock::now() + delay;
  timers_.emplace(std::pair(deadline, id), std::move(task));
  deadlines_.emplace(id, deadline);
  wake_.notify_all();
  return id;
}

void ThreadScheduler::cancel(TimerId id) {
  std::lock_guard lock(mutex_);
  auto it = deadlines_.find(id);
  if (it == deadlines_.end()) return;
  timers_.erase(std::pair(it->second, id));
  deadlines_.erase(it);
}

void ThreadScheduler::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (timers_.empty()) {
      wake_.wait(lock);
      continue;
    }
    auto next = timers_.begin();
    if (next->first.first > std::chrono::steady_clock::now()) {
      wake_.wait_until(lock, next->first.first);
      continue;
    }
    std::function<void()> task = std::move(next->second);
    deadlines_.erase(next->first.second);
    timers_.erase(next);
    lock.unlock();
    try {
      task();
    } catch (const std::exception& e) {
      spdlog::error("timer task failed: {}", e.what());
    }
    lock.lock();
  }
}

}  // namespace wx::connections
