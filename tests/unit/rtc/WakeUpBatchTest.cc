#include <gtest/gtest.h>

#include <thread>

#include "rtc/WakeUpBatch.h"

namespace wx::rtc {
namespace {

struct CountingWakeable : Wakeable {
  int wakeUps = 0;
  void wakeUpNow() override { ++wakeUps; }
};

TEST(WakeUpBatch, HoldsOnlyOnTheThreadThatHasOne) {
  CountingWakeable target;
  EXPECT_FALSE(WakeUpBatch::hold(target));
  WakeUpBatch batch;
  EXPECT_TRUE(WakeUpBatch::hold(target));
  bool heldElsewhere = true;
  std::thread([&] { heldElsewhere = WakeUpBatch::hold(target); }).join();
  EXPECT_FALSE(heldElsewhere);
  EXPECT_TRUE(batch.holding());
  EXPECT_EQ(target.wakeUps, 0);
}

TEST(WakeUpBatch, HoldsTheNetworkThreadOnlyIfItSaysSo) {
  CountingWakeable network;
  {
    WakeUpBatch batch;
    EXPECT_FALSE(WakeUpBatch::hold(network, Wakeable::Kind::NetworkThread));
  }
  WakeUpBatch batch(/*holdsNetworkThread=*/true);
  EXPECT_TRUE(WakeUpBatch::hold(network, Wakeable::Kind::NetworkThread));
}

TEST(WakeUpBatch, FlushWakesEachTargetOnce) {
  CountingWakeable first;
  CountingWakeable second;
  WakeUpBatch batch;
  EXPECT_EQ(batch.heldFor(), std::chrono::steady_clock::duration::zero());
  WakeUpBatch::hold(first);
  WakeUpBatch::hold(second);
  WakeUpBatch::hold(first);
  batch.flush();
  EXPECT_EQ(first.wakeUps, 1);
  EXPECT_EQ(second.wakeUps, 1);
  EXPECT_FALSE(batch.holding());
  batch.flush();
  EXPECT_EQ(first.wakeUps, 1);
}

TEST(WakeUpBatch, AnInnerBatchHandsBackToTheOuterOne) {
  CountingWakeable target;
  WakeUpBatch outer;
  {
    WakeUpBatch inner;
    WakeUpBatch::hold(target);
    EXPECT_FALSE(outer.holding());
  }
  EXPECT_EQ(target.wakeUps, 1);
  EXPECT_TRUE(WakeUpBatch::hold(target));
  EXPECT_TRUE(outer.holding());
}

TEST(WakeUpBatch, EndingFlushesAndStopsHolding) {
  CountingWakeable target;
  {
    WakeUpBatch batch;
    WakeUpBatch::hold(target);
  }
  EXPECT_EQ(target.wakeUps, 1);
  EXPECT_FALSE(WakeUpBatch::hold(target));
}

}  // namespace
}  // namespace wx::rtc
