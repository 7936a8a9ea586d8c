// broadcaster and viewer end to end: one hub per server, native broadcasters
// sending patterns of different sizes, native viewers counting pictures and
// checking them against the pattern; the server relays the broadcast's
// encoded video (Forwarding::Relay) and counts what its relays do.
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "broadcaster/BroadcastClients.h"
#include "integration/TestServer.h"

namespace wx::testing {
namespace {

using namespace std::chrono_literals;
using examples::broadcaster::BroadcastSender;
using examples::broadcaster::BroadcastViewer;

// Waits up to 15 s until `viewer` has had `more` pictures of `width` past
// `after`; returns whether it did.
bool getsPictures(const BroadcastViewer& viewer, int width, uint64_t more = 10) {
  const auto start = viewer.frames().read();
  for (auto end = std::chrono::steady_clock::now() + 15s; std::chrono::steady_clock::now() < end;
       std::this_thread::sleep_for(20ms)) {
    const auto now = viewer.frames().read();
    if (now.width == width && now.frames >= start.frames + more) return true;
  }
  return false;
}

// The next status the server sends that is `wanted`, within 10 s.
bool says(client::RemoteChannel& channel, const std::string& wanted) {
  for (auto end = std::chrono::steady_clock::now() + 10s; std::chrono::steady_clock::now() < end;) {
    if (channel.next(200ms) == wanted) return true;
  }
  return false;
}

// Waits up to 15 s until `viewer` has heard `more` 10 ms frames of sound;
// returns whether it did.
bool getsSound(const BroadcastViewer& viewer, uint64_t more = 50) {
  const uint64_t start = viewer.soundFrames();
  for (auto end = std::chrono::steady_clock::now() + 15s; std::chrono::steady_clock::now() < end;
       std::this_thread::sleep_for(20ms)) {
    if (viewer.soundFrames() >= start + more) return true;
  }
  return false;
}

rtc::RelayTotals relayTotals(TestServer& server) { return server.server().factory().relayTotals(); }

// Every picture a viewer decodes is the broadcaster's, whole and in order:
// a relay that sent a frame without the one it refers to would show a
// corrupt picture, one that reordered them a number going back.
void expectCleanPictures(const BroadcastViewer& viewer) {
  const common::PatternCount c = viewer.pictures().read();
  EXPECT_GT(c.pictures, 0u) << viewer.id();
  EXPECT_TRUE(c.firstWasGood) << viewer.id();
  EXPECT_EQ(c.bad, 0u) << viewer.id() << " worst error " << c.worstError;
  EXPECT_EQ(c.backwards, 0u) << viewer.id();
}

// A broadcaster with a microphone and no camera (or the reverse) is live
// with what it has: viewers are told so and get that kind.
TEST(BroadcastTest, ABroadcastOfOnlyAudioOrOnlyVideoIsLive) {
  for (const bool video : {false, true}) {
    SCOPED_TRACE(video ? "video only" : "audio only");
    TestServer server;
    auto watching = server.clientFor("viewer");
    BroadcastViewer viewer(watching);
    EXPECT_TRUE(says(viewer.status(), "waiting"));

    auto broadcasting = server.clientFor("broadcaster");
    BroadcastSender sender(broadcasting, 320, 240, {.audio = !video, .video = video});
    EXPECT_TRUE(says(viewer.status(), "live"));
    if (video) {
      EXPECT_TRUE(getsPictures(viewer, 320));
      EXPECT_EQ(viewer.soundFrames(), 0u);
    } else {
      EXPECT_TRUE(getsSound(viewer));
      EXPECT_EQ(viewer.frames().read().frames, 0u);
    }
  }
}

TEST(BroadcastTest, AViewerWhoJoinedFirstGetsTheBroadcastWhenItStarts) {
  TestServer server;
  auto watching = server.clientFor("viewer");
  BroadcastViewer viewer(watching);
  EXPECT_TRUE(says(viewer.status(), "waiting"));
  EXPECT_EQ(viewer.frames().read().frames, 0u);

  auto broadcasting = server.clientFor("broadcaster");
  BroadcastSender sender(broadcasting, 320, 240);
  EXPECT_TRUE(getsPictures(viewer, 320));
  EXPECT_TRUE(says(viewer.status(), "live"));
}

TEST(BroadcastTest, ANewBroadcasterReplacesTheOldForEveryViewer) {
  TestServer server;
  auto broadcasting = server.clientFor("broadcaster");
  auto watching = server.clientFor("viewer");
  BroadcastViewer first(watching);
  BroadcastViewer second(watching);
  auto old = std::make_unique<BroadcastSender>(broadcasting, 320, 240);
  ASSERT_TRUE(getsPictures(first, 320));
  ASSERT_TRUE(getsPictures(second, 320));

  // A second broadcaster, told apart by its picture size.
  BroadcastSender replacement(broadcasting, 160, 120);
  EXPECT_TRUE(getsPictures(first, 160));
  EXPECT_TRUE(getsPictures(second, 160));

  // The old one leaving does not disturb the new broadcast.
  old.reset();
  EXPECT_TRUE(getsPictures(first, 160));
  // The pattern's numbers start over with the new broadcaster, so only
  // whole pictures are checked across the handover.
  EXPECT_EQ(first.pictures().read().bad, 0u);
  EXPECT_EQ(second.pictures().read().bad, 0u);
}

TEST(BroadcastTest, ViewersStayWhenTheBroadcastEndsAndGetTheNextOne) {
  TestServer server;
  auto broadcasting = server.clientFor("broadcaster");
  auto watching = server.clientFor("viewer");
  BroadcastViewer viewer(watching);
  {
    BroadcastSender sender(broadcasting, 320, 240);
    ASSERT_TRUE(getsPictures(viewer, 320));
  }
  EXPECT_TRUE(says(viewer.status(), "waiting"));
  EXPECT_EQ(server.server().manager("viewer").size(), 1u);

  BroadcastSender next(broadcasting, 160, 120);
  EXPECT_TRUE(getsPictures(viewer, 160));
}

// One broadcaster reaches three viewers, who decode every relayed frame in
// order, and the broadcaster is told how many watch.
TEST(BroadcastTest, ThreeViewersDecodeEveryRelayedFrameInOrderWithoutReencoding) {
  TestServer server;
  auto broadcasting = server.clientFor("broadcaster");
  auto watching = server.clientFor("viewer");
  BroadcastSender sender(broadcasting, 320, 240);
  std::vector<std::unique_ptr<BroadcastViewer>> viewers;
  for (int i = 0; i < 3; ++i) viewers.push_back(std::make_unique<BroadcastViewer>(watching));
  for (auto& viewer : viewers) ASSERT_TRUE(getsPictures(*viewer, 320, 30)) << viewer->id();
  EXPECT_TRUE(says(sender.viewers(), "3"));
  for (auto& viewer : viewers) EXPECT_TRUE(says(viewer->status(), "live"));

  // Over 3 s, every frame the relay took in reaches every viewer's decoder
  // (give or take those in flight when the window opens and closes: up to
  // a third of a second's worth on a busy machine).
  constexpr uint64_t kInFlight = 10;
  const rtc::RelayTotals before = relayTotals(server);
  std::vector<uint64_t> picturesBefore;
  for (auto& viewer : viewers) picturesBefore.push_back(viewer->pictures().read().pictures);
  std::this_thread::sleep_for(3s);
  const rtc::RelayTotals after = relayTotals(server);
  const uint64_t received = after.framesReceived - before.framesReceived;
  EXPECT_GE(received, 45u);
  EXPECT_GE(after.framesRelayed - before.framesRelayed, 3 * received - 3 * kInFlight);
  for (size_t i = 0; i < viewers.size(); ++i) {
    EXPECT_GE(viewers[i]->pictures().read().pictures - picturesBefore[i] + kInFlight, received)
        << viewers[i]->id();
    expectCleanPictures(*viewers[i]);
  }
  EXPECT_EQ(after.links, 3u);
  EXPECT_EQ(after.reencodedLinks, 0u);
  EXPECT_EQ(after.toReencode, 0u);
  // Nothing on the server wants the broadcast's pictures: it decodes none
  // but key frames (PictureDemand.h).
  EXPECT_GE(after.framesNotDecoded - before.framesNotDecoded, 40u);
  EXPECT_LE(after.framesDecoded - before.framesDecoded, 3u);
}

TEST(BroadcastTest, ALateViewerStartsOnAKeyFrame) {
  TestServer server;
  auto broadcasting = server.clientFor("broadcaster");
  auto watching = server.clientFor("viewer");
  BroadcastSender sender(broadcasting, 320, 240);
  BroadcastViewer early(watching);
  ASSERT_TRUE(getsPictures(early, 320, 60));  // long past the broadcast's first key frame

  BroadcastViewer late(watching);
  ASSERT_TRUE(getsPictures(late, 320, 30));
  EXPECT_TRUE(late.encodedFrames().read().firstWasKey);
  expectCleanPictures(late);
  expectCleanPictures(early);
}

TEST(BroadcastTest, TwentyViewersJoiningAtOnceAskTheBroadcasterForFewKeyFrames) {
  TestServer server;
  auto broadcasting = server.clientFor("broadcaster");
  auto watching = server.clientFor("viewer");
  BroadcastSender sender(broadcasting, 320, 240);
  BroadcastViewer first(watching);
  ASSERT_TRUE(getsPictures(first, 320, 30));

  const uint64_t requestsBefore = relayTotals(server).keyFrameRequests;
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::future<std::unique_ptr<BroadcastViewer>>> joining;
  for (int i = 0; i < 20; ++i) {
    joining.push_back(std::async(std::launch::async,
                                 [&] { return std::make_unique<BroadcastViewer>(watching); }));
  }
  std::vector<std::unique_ptr<BroadcastViewer>> viewers;
  for (auto& j : joining) viewers.push_back(j.get());
  for (auto& viewer : viewers) ASSERT_TRUE(getsPictures(*viewer, 320, 5)) << viewer->id();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // One request per 300 ms at most, however many viewers wait (VideoRelay).
  const uint64_t requests = relayTotals(server).keyFrameRequests - requestsBefore;
  EXPECT_GE(requests, 1u);
  EXPECT_LE(static_cast<double>(requests), seconds / 0.3 + 1) << "in " << seconds << " s";
  for (auto& viewer : viewers) expectCleanPictures(*viewer);
}

// A viewer whose answer accepts only H.264 cannot take the VP8 broadcast's
// frames: the server sends it a re-encoded copy, and the others stay relayed.
TEST(BroadcastTest, AnH264OnlyViewerOfAVp8BroadcastGetsAReencodedCopy) {
  TestServer server;
  auto broadcasting = server.clientFor("broadcaster");
  auto watching = server.clientFor("viewer");
  BroadcastSender sender(broadcasting, 320, 240);
  BroadcastViewer vp8(watching);
  BroadcastViewer h264(watching, {.videoCodecs = {"H264"}, .audio = true});
  ASSERT_TRUE(getsPictures(vp8, 320, 30));
  ASSERT_TRUE(getsPictures(h264, 320, 30));
  expectCleanPictures(vp8);
  expectCleanPictures(h264);
  const rtc::RelayTotals totals = relayTotals(server);
  EXPECT_EQ(totals.toReencode, 1u);
  EXPECT_EQ(totals.reencodedLinks, 1u);
  EXPECT_EQ(totals.links, 2u);
  // The re-encoded copy wants pictures: the server decodes the broadcast
  // from a key frame on (PictureDemand.h).
  EXPECT_GE(totals.framesDecoded, 30u);
  const uint64_t decoded = totals.framesDecoded;
  ASSERT_TRUE(getsPictures(h264, 320, 30));
  EXPECT_GE(relayTotals(server).framesDecoded, decoded + 25);
}

// Re-encoded copies are bounded (FactoryOptions::maxReencodedPeers): past
// the bound a viewer with another codec gets no video, and the server's CPU
// stays where it was.
TEST(BroadcastTest, AtMostMaxReencodedPeersGetAReencodedCopy) {
  auto options = TestServer::loopbackOptions();
  options.rtc.maxReencodedPeers = 1;
  TestServer server(options);
  auto broadcasting = server.clientFor("broadcaster");
  auto watching = server.clientFor("viewer");
  BroadcastSender sender(broadcasting, 320, 240);
  BroadcastViewer first(watching, {.videoCodecs = {"H264"}, .audio = true});
  ASSERT_TRUE(getsPictures(first, 320, 30));
  BroadcastViewer second(watching, {.videoCodecs = {"H264"}, .audio = true});
  EXPECT_TRUE(getsSound(second));  // connected, and hearing the broadcast
  EXPECT_EQ(second.frames().read().frames, 0u);
  const rtc::RelayTotals totals = relayTotals(server);
  EXPECT_EQ(totals.reencodedLinks, 1u);
  EXPECT_EQ(totals.toReencode, 1u);
}

}  // namespace
}  // namespace wx::testing
