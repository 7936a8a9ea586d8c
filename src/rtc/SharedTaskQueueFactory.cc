#include "rtc/SharedTaskQueueFactory.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "rtc/TimerStep.h"
#include "rtc/WakeUpBatch.h"
#include "rtc_base/platform_thread_types.h"

namespace wx::rtc {

using Task = absl::AnyInvocable<void() &&>;
using SteadyTime = std::chrono::steady_clock::time_point;

namespace {

// How many tasks one queue may run before it yields its worker to others.
constexpr int kBatch = 16;
// Longest a worker of the audio lane holds back a wake-up of the network
// thread while it has more to run (see WakeUpBatch.h).
constexpr std::chrono::microseconds kMaxWakeUpHold{500};

struct QueueState;

}  // namespace

// Worker threads, the queues that have work, and the delayed-task timers.
// The workers keep time themselves: one idle worker at a time sleeps until
// the earliest timer and moves due tasks to their queues, so a delayed task
// costs one thread wake-up, not two.
struct SharedTaskQueueFactory::Pool : Wakeable {
  std::mutex mutex;
  std::condition_variable ready;
  std::deque<std::shared_ptr<QueueState>> runnable;
  std::multimap<SteadyTime, std::pair<std::weak_ptr<QueueState>, Task>> timers;
  bool timekeeper = false;  // an idle worker is sleeping until the earliest timer
  bool stopping = false;
  bool batchesWakeUps = false;  // workers hold the wake-ups they cause, the network thread's too
  std::vector<std::thread> workers;

  void enqueue(std::shared_ptr<QueueState> queue);
  void wakeUpNow() override { ready.notify_all(); }
  void addTimer(SteadyTime due, std::weak_ptr<QueueState> queue, Task task);
  void work();
  // Posts every timer due by now to its queue; unlocks `lock` while posting.
  void fireDueTimers(std::unique_lock<std::mutex>& lock);
};

namespace {

// One queue's tasks and whether a worker is on them. Outlives the queue's
// handle while a worker or a timer still refers to it.
struct QueueState : std::enable_shared_from_this<QueueState> {
  // Shared: libwebrtc may delete some queues after the factory is gone.
  std::shared_ptr<SharedTaskQueueFactory::Pool> pool;
  ::webrtc::TaskQueueBase* handle = nullptr;  // valid until deleted
  std::mutex mutex;
  std::condition_variable idle;
  std::deque<Task> tasks;
  bool scheduled = false;  // waiting in the pool's runnable list
  bool running = false;    // a worker is running its tasks
  bool deleted = false;

  void post(Task task) {
    {
      std::lock_guard lock(mutex);
      if (deleted) return;
      tasks.push_back(std::move(task));
      if (scheduled || running) return;
      scheduled = true;
    }
    pool->enqueue(shared_from_this());
  }
};

// The handle libwebrtc holds. Running tasks lives here because only a
// TaskQueueBase may set itself as the current queue.
class SharedTaskQueue : public ::webrtc::TaskQueueBase {
 public:
  explicit SharedTaskQueue(std::shared_ptr<QueueState> state) : state_(std::move(state)) {
    state_->handle = this;
  }

  void Delete() override {
    std::deque<Task> dropped;
    {
      std::unique_lock lock(state_->mutex);
      state_->deleted = true;
      dropped.swap(state_->tasks);
      // From another thread, wait out a running task: after Delete returns,
      // none of this queue's tasks may run.
      if (!IsCurrent()) state_->idle.wait(lock, [this] { return !state_->running; });
    }
    dropped.clear();  // task destructors may post elsewhere: not under our lock
    delete this;
  }

  void PostTask(Task task) override { state_->post(std::move(task)); }

  // Low precision, as libwebrtc allows: due on the next step of the clock
  // (TimerStep.h).
  void PostDelayedTask(Task task, ::webrtc::TimeDelta delay) override {
    if (delay.IsPlusInfinity()) return;  // never fires: drop it rather than overflow
    const SteadyTime due = dueAfter(delay);
    state_->pool->addTimer(SteadyTime(roundUpToStep(due.time_since_epoch())), state_,
                           std::move(task));
  }

  // The pacer's timing: exact.
  void PostDelayedHighPrecisionTask(Task task, ::webrtc::TimeDelta delay) override {
    if (delay.IsPlusInfinity()) return;
    state_->pool->addTimer(dueAfter(delay), state_, std::move(task));
  }

  static SteadyTime dueAfter(::webrtc::TimeDelta delay) {
    return std::chrono::steady_clock::now() + std::chrono::microseconds(delay.us());
  }

  // Runs up to kBatch tasks of `queue` on the calling worker thread.
  static void runSome(QueueState& queue) {
    std::unique_lock lock(queue.mutex);
    queue.scheduled = false;
    if (queue.deleted) return;
    queue.running = true;
    for (int i = 0; i < kBatch && !queue.deleted && !queue.tasks.empty(); ++i) {
      Task task = std::move(queue.tasks.front());
      queue.tasks.pop_front();
      ::webrtc::TaskQueueBase* handle = queue.handle;
      lock.unlock();
      {
        CurrentTaskQueueSetter current(handle);
        std::move(task)();
        task = nullptr;  // its captures are destroyed as part of the task
      }
      lock.lock();
    }
    queue.running = false;
    queue.idle.notify_all();
    bool more = !queue.deleted && !queue.tasks.empty();
    if (more) queue.scheduled = true;
    lock.unlock();
    if (more) queue.pool->enqueue(queue.shared_from_this());
  }

 private:
  std::shared_ptr<QueueState> state_;
};

}  // namespace

void SharedTaskQueueFactory::Pool::enqueue(std::shared_ptr<QueueState> queue) {
  {
    std::lock_guard lock(mutex);
    if (stopping) return;  // no worker left to run it
    runnable.push_back(std::move(queue));
  }
  if (!WakeUpBatch::hold(*this)) ready.notify_one();
}

void SharedTaskQueueFactory::Pool::addTimer(SteadyTime due, std::weak_ptr<QueueState> queue,
                                            Task task) {
  bool earliest = false;
  {
    std::lock_guard lock(mutex);
    if (stopping) return;
    auto it = timers.emplace(due, std::pair(std::move(queue), std::move(task)));
    earliest = it == timers.begin();
  }
  // The timekeeper may be sleeping until a later deadline: wake the workers
  // so one of them takes the new one.
  if (earliest) ready.notify_all();
}

void SharedTaskQueueFactory::Pool::fireDueTimers(std::unique_lock<std::mutex>& lock) {
  const SteadyTime now = std::chrono::steady_clock::now();
  while (!timers.empty() && timers.begin()->first <= now) {
    auto entry = std::move(timers.begin()->second);
    timers.erase(timers.begin());
    lock.unlock();
    if (auto queue = entry.first.lock()) queue->post(std::move(entry.second));
    entry.second = nullptr;  // a dropped task is destroyed outside the lock
    lock.lock();
  }
}

void SharedTaskQueueFactory::Pool::work() {
  std::optional<WakeUpBatch> batch;
  if (batchesWakeUps) batch.emplace(/*holdsNetworkThread=*/true);
  std::unique_lock lock(mutex);
  while (!stopping) {
    fireDueTimers(lock);
    if (!runnable.empty()) {
      std::shared_ptr<QueueState> queue = std::move(runnable.front());
      runnable.pop_front();
      lock.unlock();
      SharedTaskQueue::runSome(*queue);
      queue.reset();
      if (batch && batch->heldFor() > kMaxWakeUpHold) batch->flush();
      lock.lock();
      continue;
    }
    if (batch && batch->holding()) {
      // Out of work: wake the network thread before sleeping, then look again.
      lock.unlock();
      batch->flush();
      lock.lock();
      continue;
    }
    if (!timekeeper && !timers.empty()) {
      timekeeper = true;
      ready.wait_until(lock, timers.begin()->first);
      timekeeper = false;
    } else {
      ready.wait(lock);
    }
  }
}

namespace {

std::shared_ptr<SharedTaskQueueFactory::Pool> startPool(size_t threads, const char* name,
                                                        bool batchesWakeUps) {
  auto pool = std::make_shared<SharedTaskQueueFactory::Pool>();
  pool->batchesWakeUps = batchesWakeUps;
  for (size_t i = 0; i < std::max<size_t>(threads, 1); ++i) {
    pool->workers.emplace_back([pool = pool.get(), name] {
      pthread_setname_np(pthread_self(), name);
      pool->work();
    });
  }
  return pool;
}

void stopPool(SharedTaskQueueFactory::Pool& pool) {
  {
    std::lock_guard lock(pool.mutex);
    pool.stopping = true;
  }
  pool.ready.notify_all();
  for (std::thread& worker : pool.workers) worker.join();
  // Tasks still waiting are dropped now, while the pool they may post to exists.
  pool.timers.clear();
  pool.runnable.clear();
}

}  // namespace

SharedTaskQueueFactory::SharedTaskQueueFactory(size_t threads)
    : pool_(startPool(threads, "rtc-queues", false)),
      audioPool_(startPool(1, "rtc-audio-enc", true)) {}

SharedTaskQueueFactory::~SharedTaskQueueFactory() {
  stopPool(*audioPool_);
  stopPool(*pool_);
}

std::unique_ptr<::webrtc::TaskQueueBase, ::webrtc::TaskQueueDeleter>
SharedTaskQueueFactory::CreateTaskQueue(absl::string_view name, Priority) const {
  auto state = std::make_shared<QueueState>();
  state->pool = name == kAudioEncoderQueue ? audioPool_ : pool_;
  return std::unique_ptr<::webrtc::TaskQueueBase, ::webrtc::TaskQueueDeleter>(
      new SharedTaskQueue(std::move(state)));
}

}  // namespace wx::rtc
