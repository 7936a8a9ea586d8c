// Holding back the wake-ups a thread causes while it hands work to other
// threads in a burst, so that each of them wakes once for the whole burst.
//
// Handing a task to a sleeping thread wakes it. When a burst of tasks
// arrives a few microseconds apart (one audio tick: a frame for each of 20
// streams, then each stream's encoded packet), the receiving thread has
// finished each task before the next one comes, so it sleeps and wakes once
// per task. On a virtual machine each such wake-up is an interrupt between
// cores that costs more than the work it carries.
//
// Inside a WakeUpBatch, wake-ups of the threads behind a Wakeable (our
// task-queue workers; if the batch says so, libwebrtc's network thread) are
// only noted; the batch does each once when it flushes. The tasks themselves
// are queued at once, in order: a thread that wakes for other reasons runs
// them.
//
// Nothing inside a batch may wait for a thread whose wake-up it holds: that
// thread would not come. FramePacer ticks hold task-queue wake-ups only, so
// a tick may still make blocking calls into libwebrtc (which go to its
// signaling and network threads) but must not wait for a task queue. The
// audio encoders' worker (SharedTaskQueueFactory) also holds the network
// thread's: libwebrtc's encoder tasks only post to it.
#pragma once

#include <chrono>
#include <vector>

namespace wx::rtc {

// Something a thread sleeps on.
class Wakeable {
 public:
  enum class Kind { TaskQueue, NetworkThread };

  // Wakes the thread(s) now. Any thread.
  virtual void wakeUpNow() = 0;

 protected:
  ~Wakeable() = default;
};

// The calling thread's batch from construction to destruction, which
// flushes. A batch made inside another replaces it until it ends.
class WakeUpBatch {
 public:
  explicit WakeUpBatch(bool holdsNetworkThread = false);
  ~WakeUpBatch();
  WakeUpBatch(const WakeUpBatch&) = delete;
  WakeUpBatch& operator=(const WakeUpBatch&) = delete;

  // Does the held wake-ups.
  void flush();
  bool holding() const { return !held_.empty(); }
  // Since the oldest held wake-up; zero when none is held.
  std::chrono::steady_clock::duration heldFor() const;

  // For a Wakeable about to wake its thread: true if the calling thread has
  // a batch that holds wake-ups of its kind, which now holds this one; false
  // to wake it now.
  static bool hold(Wakeable& target, Wakeable::Kind kind = Wakeable::Kind::TaskQueue);

 private:
  const bool holdsNetworkThread_;
  WakeUpBatch* const outer_;
  std::vector<Wakeable*> held_;
  std::chrono::steady_clock::time_point firstHeld_;
};

}  // namespace wx::rtc
