#include <gtest/gtest.h>

#include <regex>

#include "connections/ConnectionError.h"
#include "connections/ConnectionManager.h"
#include "unit/connections/FakePeerConnection.h"
#include "unit/connections/FakeScheduler.h"

namespace wx::connections {
namespace {

using testing::FakePeerConnection;

class ConnectionManagerTest : public ::testing::Test {
 protected:
  ConnectionManager makeManager(Capacity* capacity = nullptr) {
    return ConnectionManager([] { return std::make_shared<FakePeerConnection>(); }, nullptr,
                             scheduler, {}, capacity);
  }
  testing::FakeScheduler scheduler;
};

TEST_F(ConnectionManagerTest, CreatesConnectionsWithUuidV4Ids) {
  auto manager = makeManager();
  auto a = manager.createConnection();
  auto b = manager.createConnection();
  const std::regex uuidV4("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  EXPECT_TRUE(std::regex_match(a->id(), uuidV4)) << a->id();
  EXPECT_NE(a->id(), b->id());
  EXPECT_EQ(a->peerConnection().signalingState(), rtc::SignalingState::HaveLocalOffer);
}

TEST_F(ConnectionManagerTest, FindsAndListsOpenConnections) {
  auto manager = makeManager();
  auto a = manager.createConnection();
  auto b = manager.createConnection();
  EXPECT_EQ(manager.getConnection(a->id()), a);
  EXPECT_EQ(manager.getConnection("no-such-id"), nullptr);
  EXPECT_EQ(manager.getConnections().size(), 2u);
}

TEST_F(ConnectionManagerTest, ForgetsAConnectionOnceItCloses) {
  auto manager = makeManager();
  auto a = manager.createConnection();
  auto b = manager.createConnection();
  a->close("test");
  EXPECT_EQ(manager.getConnection(a->id()), nullptr);
  EXPECT_EQ(manager.size(), 1u);
  scheduler.advance(std::chrono::seconds(10));  // b never connects
  EXPECT_EQ(manager.size(), 0u);
}

TEST_F(ConnectionManagerTest, RefusesPastItsCapacityAndRecoversWhenOneCloses) {
  Capacity capacity(2, 0);
  auto manager = makeManager(&capacity);
  auto a = manager.createConnection();
  manager.createConnection();
  try {
    manager.createConnection();
    FAIL() << "a third connection was accepted";
  } catch (const ConnectionError& e) {
    EXPECT_EQ(e.kind(), ConnectionError::Kind::Unavailable);
  }
  a->close("test");
  EXPECT_NO_THROW(manager.createConnection());
  EXPECT_EQ(capacity.open(), 2u);
}

TEST_F(ConnectionManagerTest, ClosesEverythingWhenDestroyed) {
  std::shared_ptr<WebRtcConnection> kept;
  {
    auto manager = makeManager();
    kept = manager.createConnection();
  }
  EXPECT_TRUE(kept->isClosed());
}

TEST_F(ConnectionManagerTest, CountsCreatedAndClosedByReason) {
  auto manager = makeManager();
  auto a = manager.createConnection();
  auto b = manager.createConnection();
  manager.createConnection();
  EXPECT_EQ(manager.counters().created, 3u);
  EXPECT_EQ(manager.counters().offerSeconds.snapshot().count, 3u);
  a->close(CloseReason::Deleted, "closed by DELETE");
  b->close("test");
  scheduler.advance(std::chrono::seconds(10));  // the third never connects
  const auto& closed = manager.counters().closed;
  EXPECT_EQ(closed[index(CloseReason::Deleted)], 1u);
  EXPECT_EQ(closed[index(CloseReason::Other)], 1u);
  EXPECT_EQ(closed[index(CloseReason::ConnectTimeout)], 1u);
  EXPECT_EQ(closed[index(CloseReason::Shutdown)], 0u);
}

}  // namespace
}  // namespace wx::connections
