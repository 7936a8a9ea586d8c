// The video examples end to end: real server, real native client, VP8 over
// loopback.
#include <gtest/gtest.h>

#include "audio-video-loopback/example.h"
#include "integration/TestServer.h"
#include "video-compositing/example.h"

namespace wx::testing {
namespace {

TEST(VideoExamplesTest, LoopbackReturnsTheVideoAtTwentyFpsOrMoreAndTheTone) {
  TestServer server;
  auto client = server.clientFor("audio-video-loopback");
  EXPECT_EQ(runNativeClient(examples::audio_video_loopback::nativeClient(), client,
                            {"--seconds", "3", "--min-fps", "20"}),
            0);
  EXPECT_EQ(server.server().manager("audio-video-loopback").size(), 0u);
  // The video came back relayed, not decoded and encoded again.
  const rtc::RelayTotals relay = server.server().factory().relayTotals();
  EXPECT_GE(relay.framesRelayed, 60u);
  EXPECT_EQ(relay.toReencode, 0u);
  // Nothing on the server wants the pictures: it decodes the key frames
  // only (PictureDemand.h), and the client still checked every picture.
  EXPECT_GE(relay.framesNotDecoded, 50u);
  EXPECT_LE(relay.framesDecoded, 6u);
}

TEST(VideoExamplesTest, CompositingReturns640x480ThatDiffersFromWhatWasSent) {
  TestServer server;
  auto client = server.clientFor("video-compositing");
  EXPECT_EQ(runNativeClient(examples::video_compositing::nativeClient(), client,
                            {"--seconds", "2", "--min-fps", "15"}),
            0);
}

}  // namespace
}  // namespace wx::testing
