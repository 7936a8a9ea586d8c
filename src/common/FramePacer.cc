#include "common/FramePacer.h"

#include <vector>

#include "rtc/WakeUpBatch.h"

namespace wx::common {
namespace {

// Further behind than this (a suspended process, a debugger), the pacer
// drops the missed ticks instead of firing them all at once.
constexpr int kMaxCatchUpTicks = 10;

}  // namespace

FramePacer::FramePacer(std::chrono::microseconds period) : period_(period) {}

FramePacer::~FramePacer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::unique_ptr<FramePacer::Subscription> FramePacer::subscribe(std::function<void()> onTick) {
  std::lock_guard lock(mutex_);
  const uint64_t id = nextId_++;
  subscribers_.emplace(id, std::make_shared<std::function<void()>>(std::move(onTick)));
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
  changed_.notify_all();
  return std::make_unique<Subscription>(*this, id);
}

void FramePacer::unsubscribe(uint64_t id) {
  std::unique_lock lock(mutex_);
  subscribers_.erase(id);
  if (std::this_thread::get_id() == thread_.get_id()) return;  // from inside onTick
  changed_.wait(lock, [&] { return running_ != id; });
}

void FramePacer::run() {
  using SteadyClock = std::chrono::steady_clock;
  std::vector<std::pair<uint64_t, std::shared_ptr<std::function<void()>>>> due;
  std::unique_lock lock(mutex_);
  auto next = SteadyClock::now();
  while (!stopping_) {
    if (subscribers_.empty()) {
      // Idle pacers sleep until someone subscribes; the schedule restarts then.
      changed_.wait(lock, [&] { return stopping_ || !subscribers_.empty(); });
      next = SteadyClock::now();
      continue;
    }
    if (changed_.wait_until(lock, next, [&] { return stopping_; })) break;
    next += period_;
    if (SteadyClock::now() - next > kMaxCatchUpTicks * period_) next = SteadyClock::now();

    due.assign(subscribers_.begin(), subscribers_.end());
    // Every subscriber's frame is queued before the task queues that encode
    // them wake: once a tick rather than once a frame (rtc/WakeUpBatch.h).
    rtc::WakeUpBatch batch;
    for (auto& [id, onTick] : due) {
      if (!subscribers_.contains(id)) continue;  // unsubscribed during this tick
      running_ = id;
      lock.unlock();
      (*onTick)();
      lock.lock();
      running_ = 0;
      changed_.notify_all();
    }
    due.clear();
    lock.unlock();
    batch.flush();
    lock.lock();
  }
}

}  // namespace wx::common
