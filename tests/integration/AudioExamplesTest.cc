// The audio examples end to end: real server, real native clients, Opus
// over loopback, pitch and levels measured on the decoded audio.
#include <gtest/gtest.h>

#include <cmath>

#include "integration/TestServer.h"
#include "pitch-detector/example.h"
#include "sine-wave-stereo/example.h"
#include "sine-wave/ToneListener.h"
#include "sine-wave/example.h"

namespace wx::testing {
namespace {

using namespace std::chrono_literals;

TEST(AudioExamplesTest, SineWaveClientHears440ThenTheFrequencyItAsksFor) {
  TestServer server;
  auto client = server.clientFor("sine-wave");
  EXPECT_EQ(runNativeClient(examples::sine_wave::nativeClient(), client, {"--frequency", "880"}),
            0);
  EXPECT_EQ(server.server().manager("sine-wave").size(), 0u);
}

TEST(AudioExamplesTest, PitchDetectorServerHearsTheClientsTone) {
  TestServer server;
  auto client = server.clientFor("pitch-detector");
  EXPECT_EQ(
      runNativeClient(examples::pitch_detector::nativeClient(), client, {"--frequency", "523"}), 0);
}

// A sine-wave client that measures for itself (sine-wave/ToneListener), and
// its control channel, open.
struct Listening {
  examples::sine_wave::ToneListener listener;
  std::shared_ptr<rtc::DataChannel> channel;

  Listening(client::ConnectionClient client, const std::string& label)
      : listener(client, label), channel(listener.waitForControl(10s)) {}

  const common::ToneAnalyser& analyser() const { return listener.analyser(); }
  // The reading once `wanted` holds, or the last one (with a failure).
  common::ToneReading waitFor(const std::function<bool(const common::ToneReading&)>& wanted) {
    auto reading = analyser().waitFor(wanted, 10s);
    EXPECT_TRUE(reading) << "timed out";
    return reading ? *reading : analyser().reading();
  }
};

bool near(const common::ToneReading& r, double hz) {
  return r.frequency && std::abs(*r.frequency - hz) <= 3;
}

TEST(AudioExamplesTest, SineWaveIgnoresControlMessagesThatAreNotSaneFrequencies) {
  TestServer server;
  Listening listener(server.clientFor("sine-wave"), "frequency");
  listener.waitFor([](const auto& r) { return near(r, 440); });
  for (const char* bad : {"abc", "-5", "30000", "", "nan", "440 Hz"}) listener.channel->send(bad);
  // Bad messages change nothing; a good one sent after them still works, so
  // the server neither crashed nor dropped the connection.
  listener.channel->send("660");
  auto reading = listener.waitFor([](const auto& r) { return near(r, 660); });
  EXPECT_TRUE(near(reading, 660));
  EXPECT_EQ(server.server().manager("sine-wave").size(), 1u);
}

TEST(AudioExamplesTest, SineWaveStereoPanningZeroIsLeftAndHundredIsRight) {
  TestServer server;
  Listening listener(server.clientFor("sine-wave-stereo").withStereo(), "panning");
  auto stereo = [](const common::ToneReading& r) { return r.levels.size() == 2; };
  listener.waitFor(stereo);

  listener.channel->send("0");
  auto left = listener.waitFor([&](const auto& r) {
    return stereo(r) && r.levels[0] > 0.1 && r.levels[1] < r.levels[0] / 20;
  });
  ASSERT_EQ(left.levels.size(), 2u);
  EXPECT_GT(left.levels[0], 20 * left.levels[1]);

  listener.channel->send("100");
  auto right = listener.waitFor([&](const auto& r) {
    return stereo(r) && r.levels[1] > 0.1 && r.levels[0] < r.levels[1] / 20;
  });
  ASSERT_EQ(right.levels.size(), 2u);
  EXPECT_GT(right.levels[1], 20 * right.levels[0]);

  // Out of range: ignored, the tone stays right.
  listener.channel->send("150");
  listener.channel->send("-1");
  const uint64_t after = listener.analyser().reading().windows;
  auto later = listener.waitFor([&](const auto& r) { return r.windows >= after + 5; });
  ASSERT_EQ(later.levels.size(), 2u);
  EXPECT_GT(later.levels[1], 20 * later.levels[0]);
}

TEST(AudioExamplesTest, SineWaveStereoNativeClientConfirmsBothSides) {
  TestServer server;
  for (const char* panning : {"0", "100"}) {
    auto client = server.clientFor("sine-wave-stereo");
    EXPECT_EQ(
        runNativeClient(examples::sine_wave_stereo::nativeClient(), client, {"--panning", panning}),
        0)
        << panning;
  }
}

}  // namespace
}  // namespace wx::testing
