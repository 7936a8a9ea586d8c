#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "rtc/CoalescingSocketServer.h"
#include "rtc_base/internal/default_socket_server.h"

namespace wx::rtc {
namespace {

using std::chrono::microseconds;
using ::webrtc::TimeDelta;

TEST(CoalescingSocketServer, TimedWaitsEndOnTheNextStepInWholeMilliseconds) {
  // From 12.3 ms, 1 ms is due at 13.3: the step is at 15, 2.7 ms away.
  EXPECT_EQ(stretchToStep(TimeDelta::Millis(1), microseconds(12'300)), TimeDelta::Millis(3));
  // Due exactly on a step: unchanged.
  EXPECT_EQ(stretchToStep(TimeDelta::Millis(5), microseconds(10'000)), TimeDelta::Millis(5));
  // Just past a step: the next one.
  EXPECT_EQ(stretchToStep(TimeDelta::Micros(1), microseconds(15'000)), TimeDelta::Millis(5));
  EXPECT_EQ(stretchToStep(TimeDelta::Millis(26), microseconds(0)), TimeDelta::Millis(30));
}

TEST(CoalescingSocketServer, ZeroAndEndlessWaitsAreKept) {
  EXPECT_EQ(stretchToStep(TimeDelta::Zero(), microseconds(12'300)), TimeDelta::Zero());
  EXPECT_TRUE(stretchToStep(TimeDelta::PlusInfinity(), microseconds(12'300)).IsPlusInfinity());
}

TEST(CoalescingSocketServer, AWaitDoesNotEndBeforeItsStep) {
  CoalescingSocketServer server(::rtc::CreateDefaultSocketServer());
  const auto start = std::chrono::steady_clock::now();
  server.Wait(TimeDelta::Millis(1), true);
  const auto stepAfterDue = roundUpToStep(
      std::chrono::duration_cast<microseconds>(start.time_since_epoch()) + microseconds(1000));
  EXPECT_GE(std::chrono::steady_clock::now().time_since_epoch(), stepAfterDue);
}

TEST(CoalescingSocketServer, AWakeUpInABatchWaitsForItsFlush) {
  CoalescingSocketServer server(::rtc::CreateDefaultSocketServer());
  std::atomic<bool> woken{false};
  std::thread waiter([&] {
    server.Wait(CoalescingSocketServer::kForever, true);
    woken = true;
  });
  WakeUpBatch batch(/*holdsNetworkThread=*/true);
  server.WakeUp();
  EXPECT_TRUE(batch.holding());
  EXPECT_FALSE(woken);
  batch.flush();
  waiter.join();  // hangs if the flush did not wake it
  EXPECT_TRUE(woken);
}

TEST(CoalescingSocketServer, AWakeUpOutsideABatchForItIsAtOnce) {
  CoalescingSocketServer server(::rtc::CreateDefaultSocketServer());
  std::thread waiter([&] { server.Wait(CoalescingSocketServer::kForever, true); });
  WakeUpBatch taskQueuesOnly;
  server.WakeUp();
  EXPECT_FALSE(taskQueuesOnly.holding());
  waiter.join();  // hangs if WakeUp did not wake it
}

}  // namespace
}  // namespace wx::rtc
