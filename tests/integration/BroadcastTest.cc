// broadcaster and viewer end to end: one hub per server, native broadcasters
// sending patterns of different sizes, native viewers counting pictures.
#include <gtest/gtest.h>

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

TEST(BroadcastTest, OneBroadcasterReachesThreeViewers) {
  TestServer server;
  auto broadcasting = server.clientFor("broadcaster");
  auto watching = server.clientFor("viewer");
  BroadcastSender sender(broadcasting, 320, 240);
  std::vector<std::unique_ptr<BroadcastViewer>> viewers;
  for (int i = 0; i < 3; ++i) viewers.push_back(std::make_unique<BroadcastViewer>(watching));
  for (auto& viewer : viewers) EXPECT_TRUE(getsPictures(*viewer, 320)) << viewer->id();
  EXPECT_TRUE(says(sender.viewers(), "3"));
  for (auto& viewer : viewers) EXPECT_TRUE(says(viewer->status(), "live"));
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

}  // namespace
}  // namespace wx::testing
