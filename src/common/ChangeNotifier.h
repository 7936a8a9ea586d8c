// A mutex and a condition variable for state that libwebrtc's callbacks
// change and one of our threads waits on. Derive the state from it.
#pragma once

#include <condition_variable>
#include <mutex>

namespace wx::common {

struct ChangeNotifier {
  std::mutex mutex;
  std::condition_variable changed;

  // Applies `f` under the lock and wakes the waiting thread.
  template <typename F>
  void change(F f) {
    std::lock_guard lock(mutex);
    f();
    changed.notify_all();
  }
};

}  // namespace wx::common
