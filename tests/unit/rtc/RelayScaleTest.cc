// RelayLink::scaleFor (VideoRelay.h): how far a copy re-encoded for
// bandwidth is scaled down for its target.
#include <gtest/gtest.h>

#include "rtc/VideoRelay.h"

namespace wx::rtc {
namespace {

constexpr int64_t kVga = 640 * 480;  // needs 399 kbit/s whole, 100 at 1/2, 25 at 1/4

TEST(RelayScale, TheLargestSizeTheTargetPaysForGoingDownAtOnce) {
  EXPECT_EQ(RelayLink::scaleFor(1'500'000, kVga, 1), 1);
  EXPECT_EQ(RelayLink::scaleFor(400'000, kVga, 1), 1);
  EXPECT_EQ(RelayLink::scaleFor(390'000, kVga, 1), 2);
  EXPECT_EQ(RelayLink::scaleFor(150'000, kVga, 1), 2);
  EXPECT_EQ(RelayLink::scaleFor(90'000, kVga, 1), 4);
  EXPECT_EQ(RelayLink::scaleFor(30'000, kVga, 2), 4);  // 4 is the most
}

TEST(RelayScale, UpASizeOnlyWithTheMargin) {
  EXPECT_EQ(RelayLink::scaleFor(110'000, kVga, 4), 4);  // 1/2 needs 100, 125 with the margin
  EXPECT_EQ(RelayLink::scaleFor(130'000, kVga, 4), 2);
  EXPECT_EQ(RelayLink::scaleFor(450'000, kVga, 2), 2);  // whole needs 399, 499 with the margin
  EXPECT_EQ(RelayLink::scaleFor(520'000, kVga, 2), 1);
  EXPECT_EQ(RelayLink::scaleFor(2'000'000, kVga, 4), 1);  // two sizes at once
}

TEST(RelayScale, UnknownTargetOrSizeKeepsTheScale) {
  EXPECT_EQ(RelayLink::scaleFor(-1, kVga, 2), 2);
  EXPECT_EQ(RelayLink::scaleFor(50'000, 0, 1), 1);
}

}  // namespace
}  // namespace wx::rtc
