#include <gtest/gtest.h>

#include "connections/ConnectionError.h"
#include "rest/Json.h"
#include "unit/connections/FakePeerConnection.h"
#include "unit/connections/FakeScheduler.h"

namespace wx::rest {
namespace {

TEST(JsonTest, ConnectionHasTheSeedsShape) {
  testing::FakeScheduler scheduler;
  auto pc = std::make_shared<testing::FakePeerConnection>();
  auto connection = connections::WebRtcConnection::create("abc", pc, scheduler, {});
  connection->doOffer(nullptr);

  nlohmann::json json = toJson(*connection);
  EXPECT_EQ(json["id"], "abc");
  EXPECT_EQ(json["state"], "open");
  EXPECT_EQ(json["iceConnectionState"], "new");
  EXPECT_EQ(json["signalingState"], "have-local-offer");
  EXPECT_EQ(json["localDescription"]["type"], "offer");
  std::string sdp = json["localDescription"]["sdp"];
  EXPECT_EQ(sdp.find("a=ice-options:trickle"), std::string::npos);
  EXPECT_NE(sdp.find("typ host"), std::string::npos);
  EXPECT_EQ(json["remoteDescription"], nlohmann::json::object());

  connection->close("test");
  EXPECT_EQ(toJson(*connection)["state"], "closed");
}

TEST(JsonTest, ParsesADescription) {
  rtc::SessionDescription d = parseDescription(R"({"type":"answer","sdp":"v=0\r\n"})");
  EXPECT_EQ(d.type, "answer");
  EXPECT_EQ(d.sdp, "v=0\r\n");
}

TEST(JsonTest, RejectsBodiesThatAreNotDescriptions) {
  for (const char* body : {"", "{", "[]", "42", R"({"type":"answer"})", R"({"sdp":"v=0"})",
                           R"({"type":1,"sdp":"v=0"})"}) {
    try {
      parseDescription(body);
      FAIL() << "accepted " << body;
    } catch (const connections::ConnectionError& e) {
      EXPECT_EQ(e.kind(), connections::ConnectionError::Kind::BadInput) << body;
    }
  }
}

TEST(JsonTest, StateNamesMatchTheBrowsers) {
  EXPECT_EQ(rtc::toString(rtc::IceConnectionState::Disconnected), "disconnected");
  EXPECT_EQ(rtc::toString(rtc::SignalingState::HaveRemotePranswer), "have-remote-pranswer");
  EXPECT_EQ(rtc::toString(rtc::IceGatheringState::Complete), "complete");
  EXPECT_EQ(rtc::toString(rtc::PeerConnectionState::Connecting), "connecting");
}

}  // namespace
}  // namespace wx::rest
