#include <gtest/gtest.h>

#include "rtc/PeerConnectionPool.h"
#include "unit/connections/FakePeerConnection.h"

namespace wx::rtc {
namespace {

using namespace std::chrono_literals;
using testing::FakePeerConnection;

class PeerConnectionPoolTest : public ::testing::Test {
 protected:
  PeerConnectionPool makePool(PoolOptions options) {
    return PeerConnectionPool(
        options,
        [this] {
          auto peer = std::make_shared<FakePeerConnection>();
          made.push_back(peer);
          return peer;
        },
        /*background=*/false, [this] { return now; });
  }

  PeerConnectionPool::Clock::time_point now{};
  std::vector<std::shared_ptr<FakePeerConnection>> made;
};

TEST_F(PeerConnectionPoolTest, FillsToItsMinimumAndHandsOutTheOldestFirst) {
  auto pool = makePool({2, 8, 30s});
  pool.maintain();
  EXPECT_EQ(pool.idle(), 2u);
  EXPECT_EQ(pool.take(), made[0]);
  EXPECT_EQ(pool.take(), made[1]);
  EXPECT_EQ(made.size(), 2u);
}

TEST_F(PeerConnectionPoolTest, MakesAFreshPeerWhenEmpty) {
  auto pool = makePool({0, 8, 30s});
  auto peer = pool.take();
  ASSERT_NE(peer, nullptr);
  EXPECT_EQ(made.size(), 1u);
  EXPECT_EQ(pool.idle(), 0u);
}

TEST_F(PeerConnectionPoolTest, GrowsWithDemandWithinItsBound) {
  auto pool = makePool({1, 4, 30s});
  for (int i = 0; i < 10; ++i) pool.take();  // ten arrivals within a second
  EXPECT_EQ(pool.target(), 4u);
  pool.maintain();
  EXPECT_EQ(pool.idle(), 4u);
  now += 2s;  // demand gone
  pool.maintain();
  EXPECT_EQ(pool.target(), 1u);
}

TEST_F(PeerConnectionPoolTest, ReplacesPeersOlderThanMaxAge) {
  auto pool = makePool({2, 8, 30s});
  pool.maintain();
  auto first = made[0];
  now += 31s;
  pool.maintain();
  EXPECT_TRUE(first->closed);
  EXPECT_EQ(pool.idle(), 2u);
  EXPECT_EQ(made.size(), 4u);
  EXPECT_NE(pool.take(), first);
}

TEST_F(PeerConnectionPoolTest, ClosesIdlePeersWhenDestroyed) {
  {
    auto pool = makePool({2, 8, 30s});
    pool.maintain();
  }
  ASSERT_EQ(made.size(), 2u);
  EXPECT_TRUE(made[0]->closed);
  EXPECT_TRUE(made[1]->closed);
}

}  // namespace
}  // namespace wx::rtc
