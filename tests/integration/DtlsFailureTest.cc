// A peer whose DTLS handshake fails (issue 14): closing it must not abort
// the server, and nobody else's DTLS may suffer from it. The hostile peers
// of tests/hostile/peers.py (junk, silence) do the same from outside.
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <thread>

#include "integration/TestServer.h"
#include "ping-pong/example.h"
#include "rtc/OpenSslErrorQueue.h"

namespace wx::testing {
namespace {

using namespace std::chrono_literals;

// The answer with another certificate's fingerprint: the server's DTLS
// rejects the client's certificate and its handshake fails.
std::string withWrongFingerprint(const std::string& sdp) {
  std::string wrong = "a=fingerprint:sha-256 00";
  for (int i = 1; i < 32; ++i) wrong += ":00";
  return std::regex_replace(sdp, std::regex("a=fingerprint:[^\r\n]*"), wrong);
}

TEST(DtlsFailureTest, AFailedHandshakeClosesCleanlyAndSparesTheNextPeer) {
  TestServer server;
  auto http = server.http();
  auto created = http.Post("/ping-pong/connections");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 200);
  const auto body = nlohmann::json::parse(created->body);
  const std::string id = body["id"];
  Answer answer = answerOffer(body["localDescription"]["sdp"]);
  nlohmann::json wrong = {{"type", "answer"}, {"sdp", withWrongFingerprint(answer.sdp)}};
  auto applied = http.Post("/ping-pong/connections/" + id + "/remote-description", wrong.dump(),
                           "application/json");
  ASSERT_TRUE(applied);
  ASSERT_EQ(applied->status, 200);

  auto served = server.server().manager("ping-pong").getConnection(id);
  ASSERT_NE(served, nullptr);
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (served->peerConnection().connectionState() != rtc::PeerConnectionState::Failed &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_EQ(served->peerConnection().connectionState(), rtc::PeerConnectionState::Failed);

  // libwebrtc's PeerConnection is destroyed here: with a signaling thread of
  // its own this aborted (weak_ptr.cc:27).
  auto deleted = http.Delete("/ping-pong/connections/" + id);
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->status, 200);
  served.reset();
  answer.peer.reset();

  // The failed handshake and its SSL_shutdown left OpenSSL errors on the
  // server's network thread; the next peer's DTLS must not read them as its
  // own.
  auto client = server.clientFor("ping-pong");
  EXPECT_EQ(runNativeClient(examples::ping_pong::nativeClient(), client,
                            {"--count", "3", "--interval-ms", "0"}),
            0);
  // libwebrtc's OpenSSL calls went through our wrappers (CMakeLists.txt).
  EXPECT_GT(rtc::openSslCallsWrapped(), 0u);
}

}  // namespace
}  // namespace wx::testing
