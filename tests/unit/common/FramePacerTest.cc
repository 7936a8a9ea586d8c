// Behaviour only: ticks arrive, stop when unsubscribed, and unsubscribing
// waits for a tick in progress. How punctual the ticks are is a benchmark
// question (bench/), not a test's.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "common/FramePacer.h"
#include "rtc/WakeUpBatch.h"

namespace wx::common {
namespace {

using namespace std::chrono_literals;

// Waits up to 10 s for `done`.
template <typename F>
bool eventually(F done) {
  for (auto end = std::chrono::steady_clock::now() + 10s; std::chrono::steady_clock::now() < end;
       std::this_thread::sleep_for(1ms)) {
    if (done()) return true;
  }
  return false;
}

TEST(FramePacer, TicksEverySubscriberOnItsOwnThread) {
  FramePacer pacer(10ms);
  std::atomic<int> a{0};
  std::atomic<int> b{0};
  std::atomic<bool> onCaller{false};
  const auto caller = std::this_thread::get_id();
  auto first = pacer.subscribe([&] {
    if (std::this_thread::get_id() == caller) onCaller = true;
    ++a;
  });
  auto second = pacer.subscribe([&] { ++b; });
  EXPECT_TRUE(eventually([&] { return a >= 5 && b >= 5; }));
  EXPECT_FALSE(onCaller);
}

TEST(FramePacer, NoTickAfterUnsubscribing) {
  FramePacer pacer(1ms);
  std::atomic<int> ticks{0};
  auto subscription = pacer.subscribe([&] { ++ticks; });
  ASSERT_TRUE(eventually([&] { return ticks >= 3; }));
  subscription.reset();
  const int after = ticks;
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(ticks, after);
}

TEST(FramePacer, UnsubscribingWaitsForTheTickInProgress) {
  FramePacer pacer(1ms);
  std::atomic<bool> inside{false};
  std::atomic<bool> finished{false};
  auto subscription = pacer.subscribe([&] {
    if (finished) return;
    inside = true;
    std::this_thread::sleep_for(50ms);
    finished = true;
  });
  ASSERT_TRUE(eventually([&] { return inside.load(); }));
  subscription.reset();
  EXPECT_TRUE(finished);
}

TEST(FramePacer, ASubscriberMayUnsubscribeItselfFromItsTick) {
  FramePacer pacer(1ms);
  std::unique_ptr<FramePacer::Subscription> subscription;
  std::atomic<int> ticks{0};
  std::atomic<bool> dropped{false};
  std::mutex mutex;
  {
    std::lock_guard lock(mutex);
    subscription = pacer.subscribe([&] {
      std::lock_guard lock(mutex);
      ++ticks;
      subscription.reset();
      dropped = true;
    });
  }
  ASSERT_TRUE(eventually([&] { return dropped.load(); }));
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(ticks, 1);
}

TEST(FramePacer, CatchingUpNeverRunsAheadOfTheSchedule) {
  // One slow tick (30 periods long) must not cost the stream its frames: the
  // pacer catches up on up to 10 missed ticks. Counted, not timed: over the
  // whole run the count cannot exceed the elapsed periods plus one.
  FramePacer pacer(2ms);
  std::atomic<int> ticks{0};
  const auto start = std::chrono::steady_clock::now();
  auto subscription = pacer.subscribe([&] {
    if (++ticks == 5) std::this_thread::sleep_for(60ms);
  });
  ASSERT_TRUE(eventually([&] { return ticks >= 40; }));
  subscription.reset();
  const auto periods = (std::chrono::steady_clock::now() - start) / 2ms;
  EXPECT_LE(ticks, periods + 1);
}

TEST(FramePacer, ATickHoldsItsWakeUpsUntilEverySubscriberHasRun) {
  // Two subscribers wake the same thread: it is woken once, after both.
  struct Target : rtc::Wakeable {
    std::atomic<int> wakeUps{0};
    void wakeUpNow() override { ++wakeUps; }
  } target;
  FramePacer pacer(5ms);
  std::atomic<int> heldBeforeWaking{0};
  std::atomic<int> secondTicks{0};
  auto first = pacer.subscribe([&] {
    if (rtc::WakeUpBatch::hold(target) && target.wakeUps == secondTicks) ++heldBeforeWaking;
  });
  auto second = pacer.subscribe([&] {
    rtc::WakeUpBatch::hold(target);
    ++secondTicks;
  });
  ASSERT_TRUE(eventually([&] { return secondTicks >= 5; }));
  first.reset();
  second.reset();
  EXPECT_EQ(target.wakeUps, secondTicks);
  EXPECT_GE(heldBeforeWaking, 5);
}

}  // namespace
}  // namespace wx::common
