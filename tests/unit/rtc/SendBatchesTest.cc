// SendBatches (CountingSocket.h): when the datagrams sockets hold are sent.
#include <gtest/gtest.h>

#include <thread>

#include "rtc/CountingSocket.h"

namespace wx::rtc {
namespace {

struct CountingHolder : SendBatches::Holder {
  void sendHeld() override { ++sends; }
  int sends = 0;
};

TEST(SendBatches, AFlushSendsEveryHolderStillListedOnceAndForgetsThem) {
  SendBatches batches;
  CountingHolder a, b, removed;
  batches.add(&a);
  batches.add(&removed);
  batches.add(&b);
  batches.remove(&removed);
  batches.flush();
  batches.flush();
  EXPECT_EQ(a.sends, 1);
  EXPECT_EQ(b.sends, 1);
  EXPECT_EQ(removed.sends, 0);
}

TEST(SendBatches, OnlyTheOutermostEventsEndFlushes) {
  SendBatches batches;
  CountingHolder a;
  batches.beginEvent();
  batches.add(&a);
  batches.beginEvent();  // an event handled inside another
  batches.endEvent();
  EXPECT_EQ(a.sends, 0);
  batches.endEvent();
  EXPECT_EQ(a.sends, 1);
}

TEST(SendBatches, DatagramsHeldLongerThanMaxHoldAreSentAtTheNextSend) {
  SendBatches batches;
  CountingHolder a;
  batches.sendIfOld();  // nothing held: nothing to send
  batches.add(&a);
  std::this_thread::sleep_for(SendBatches::kMaxHold * 3);
  batches.sendIfOld();
  EXPECT_EQ(a.sends, 1);

  // Within an event nothing is old: the event's end sends.
  CountingHolder b;
  batches.beginEvent();
  batches.add(&b);
  std::this_thread::sleep_for(SendBatches::kMaxHold * 3);
  batches.sendIfOld();
  EXPECT_EQ(b.sends, 0);
  batches.endEvent();
  EXPECT_EQ(b.sends, 1);
}

}  // namespace
}  // namespace wx::rtc
