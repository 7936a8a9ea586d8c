// Timers behind an interface, so tests can fire them by hand (the seed's
// options bags inject setTimeout the same way).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

namespace wx::connections {

class Scheduler {
 public:
  using TimerId = uint64_t;
  virtual ~Scheduler() = default;

  // Runs `task` once after `delay`, on the scheduler's own thread (for
  // ThreadScheduler) or on the thread that fires it (a fake).
  virtual TimerId schedule(std::chrono::milliseconds delay, std::function<void()> task) = 0;
  // Cancelling a timer that fired or was cancelled already does nothing.
  virtual void cancel(TimerId id) = 0;
};

}  // namespace wx::connections
