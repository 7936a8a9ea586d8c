// ping-pong end to end: real server, real native client, loopback.
#include <gtest/gtest.h>

#include "integration/TestServer.h"
#include "ping-pong/example.h"

namespace wx::testing {
namespace {

using namespace std::chrono_literals;

TEST(PingPongTest, NativeClientGetsAPongForEveryPing) {
  TestServer server;
  auto client = server.clientFor("ping-pong");
  EXPECT_EQ(runNativeClient(examples::ping_pong::nativeClient(), client,
                            {"--count", "3", "--interval-ms", "0"}),
            0);
  // The client DELETEs its connection when done.
  EXPECT_EQ(server.server().manager("ping-pong").size(), 0u);
}

TEST(PingPongTest, DeleteClosesTheServersPeer) {
  TestServer server;
  auto client = server.clientFor("ping-pong");
  auto connection = client.connect();
  auto served = server.server().manager("ping-pong").getConnection(connection->id());
  ASSERT_NE(served, nullptr);
  EXPECT_FALSE(served->isClosed());
  connection->close();
  EXPECT_TRUE(served->isClosed());
  EXPECT_EQ(served->peerConnection().signalingState(), rtc::SignalingState::Closed);
}

TEST(PingPongTest, AClientThatNeverAnswersIsTornDownAfterTimeToConnected) {
  rest::ExamplesServerOptions options = TestServer::loopbackOptions();
  options.timeouts.timeToConnected = 1s;
  TestServer server(options);
  auto created = server.http().Post("/ping-pong/connections");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 200);
  std::string id = nlohmann::json::parse(created->body)["id"];
  // On a loaded machine the timer may have fired already; otherwise wait.
  if (auto served = server.server().manager("ping-pong").getConnection(id)) {
    EXPECT_TRUE(served->waitUntilClosed(10s));
    EXPECT_EQ(nlohmann::json::parse(server.http().Get("/ping-pong/connections")->body).size(), 0u);
  }
  EXPECT_EQ(server.server().manager("ping-pong").getConnection(id), nullptr);
  EXPECT_EQ(server.http().Get("/ping-pong/connections/" + id)->status, 404);
}

TEST(PingPongTest, AnsweredConnectionOutlivesTimeToConnected) {
  rest::ExamplesServerOptions options = TestServer::loopbackOptions();
  options.timeouts.timeToConnected = 2s;
  TestServer server(options);
  auto client = server.clientFor("ping-pong");
  auto connection = client.connect();
  auto served = server.server().manager("ping-pong").getConnection(connection->id());
  ASSERT_NE(served, nullptr);
  // Connected peers cancel the timer: still open well after it would fire.
  EXPECT_FALSE(served->waitUntilClosed(3s));
}

}  // namespace
}  // namespace wx::testing
