// One thread that calls its subscribers once per period (10 ms for audio
// frames, 33 ms for video), paced by the steady clock: it sleeps until the
// next tick instead of spinning, and a late tick is followed by quick ones
// until the schedule is met again, so sources keep real-time rate on a busy
// machine. Many streams share one pacer: the thread count does not grow
// with peers.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

namespace wx::common {

class FramePacer {
 public:
  class Subscription;

  explicit FramePacer(std::chrono::microseconds period);
  ~FramePacer();  // joins the thread; drop every Subscription first
  FramePacer(const FramePacer&) = delete;
  FramePacer& operator=(const FramePacer&) = delete;

  // `onTick` runs on the pacer's thread once per period, after the ticks of
  // those subscribed earlier; it must be quick and must not block for long,
  // or every subscriber's frames come late. It runs inside an
  // rtc::WakeUpBatch, so it must not wait for libwebrtc's task queues.
  // Ticking stops when the returned handle is destroyed; its destructor
  // waits for a tick in progress, unless called from inside onTick itself.
  [[nodiscard]] std::unique_ptr<Subscription> subscribe(std::function<void()> onTick);

  std::chrono::microseconds period() const { return period_; }

 private:
  void run();
  void unsubscribe(uint64_t id);

  const std::chrono::microseconds period_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<uint64_t, std::shared_ptr<std::function<void()>>> subscribers_;
  uint64_t nextId_ = 1;
  uint64_t running_ = 0;  // id whose onTick runs now, 0 for none
  bool stopping_ = false;
  std::thread thread_;  // started by the first subscribe()
};

class FramePacer::Subscription {
 public:
  Subscription(FramePacer& pacer, uint64_t id) : pacer_(pacer), id_(id) {}
  ~Subscription() { pacer_.unsubscribe(id_); }
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;

 private:
  FramePacer& pacer_;
  uint64_t id_;
};

}  // namespace wx::common
