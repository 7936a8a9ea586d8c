// ping-pong end to end: real server, real native client, loopback.
#include <gtest/gtest.h>

#include "client/RemoteChannel.h"
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
  // Read after the close, as the original's DELETE reads them.
  EXPECT_EQ(served->peerConnection().iceConnectionState(), rtc::IceConnectionState::Closed);
  EXPECT_EQ(served->peerConnection().connectionState(), rtc::PeerConnectionState::Closed);
}

// libwebrtc closes a channel whose transport refuses a message as too big;
// the facade refuses it first and the channel goes on.
TEST(PingPongTest, AMessageOverTheNegotiatedMaxMessageSizeFailsAndTheChannelStaysOpen) {
  TestServer server;
  auto client = server.clientFor("ping-pong");
  client::RemoteChannel pongs("ping-pong");
  auto connection = client.connect([&](rtc::PeerConnection& pc) { pongs.attach(pc); });
  auto channel = pongs.waitOpen(std::chrono::seconds(10));
  // Both sides are libwebrtc: each says 256 KiB (a=max-message-size:262144).
  ASSERT_EQ(channel->maxMessageSize(), 256u * 1024);
  EXPECT_FALSE(channel->sendBinary(std::string(256 * 1024 + 1, 'x')));
  EXPECT_FALSE(channel->send(std::string(256 * 1024 + 1, 'x')));
  EXPECT_TRUE(channel->isOpen());
  ASSERT_TRUE(channel->send("ping"));
  EXPECT_EQ(pongs.next(std::chrono::seconds(5)), "pong");
  // The biggest allowed message goes through (the server ignores it).
  EXPECT_TRUE(channel->send(std::string(256 * 1024, 'x')));
  ASSERT_TRUE(channel->send("ping"));
  EXPECT_EQ(pongs.next(std::chrono::seconds(5)), "pong");
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
