// What the facade's offers carry, read from the SDP a browser would get.
#include <gtest/gtest.h>

#include "rtc/Factory.h"
#include "rtc/LibPeerConnection.h"

namespace wx::rtc {
namespace {

// The m-section starting with `prefix` ("m=audio"), up to the next one.
std::string section(const std::string& sdp, const std::string& prefix) {
  size_t start = sdp.find(prefix);
  if (start == std::string::npos) return {};
  return sdp.substr(start, sdp.find("\r\nm=", start) - start);
}

constexpr const char* kTransportCcExtension =
    "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

TEST(OfferTest, AudioGoesWithoutTransportWideFeedbackAndVideoKeepsIt) {
  FactoryOptions options;
  options.iceAllow = {"127.0.0.1"};
  Factory factory(options);
  auto pc = factory.createPeerConnection();
  pc->addTransceiver(MediaKind::Audio, Direction::SendOnly);
  pc->addTransceiver(MediaKind::Video, Direction::SendOnly);
  const std::string sdp = pc->createOffer().sdp;
  pc->close();

  const std::string audio = section(sdp, "m=audio");
  ASSERT_NE(audio.find("opus/48000/2"), std::string::npos) << sdp;
  EXPECT_EQ(audio.find(kTransportCcExtension), std::string::npos) << audio;
  EXPECT_EQ(audio.find("transport-cc"), std::string::npos) << audio;

  const std::string video = section(sdp, "m=video");
  EXPECT_NE(video.find(kTransportCcExtension), std::string::npos) << video;
  EXPECT_NE(video.find("transport-cc"), std::string::npos) << video;
}

// Without a max bitrate libwebrtc logs "ERROR: Initial encoder max bitrate =
// -1" for every video send stream it makes.
TEST(OfferTest, VideoSendersCarryABitrateRange) {
  FactoryOptions options;
  options.iceAllow = {"127.0.0.1"};
  Factory factory(options);
  auto pc = factory.createPeerConnection();
  pc->addTransceiver(MediaKind::Video, Direction::SendRecv);
  pc->addTransceiver(MediaKind::Video, Direction::SendOnly);
  auto* lib = dynamic_cast<LibPeerConnection*>(pc.get());
  ASSERT_NE(lib, nullptr);
  auto transceivers = lib->native()->GetTransceivers();
  ASSERT_EQ(transceivers.size(), 2u);
  for (const auto& transceiver : transceivers) {
    const auto encodings = transceiver->sender()->GetParameters().encodings;
    ASSERT_EQ(encodings.size(), 1u);
    ASSERT_TRUE(encodings[0].max_bitrate_bps.has_value());
    ASSERT_TRUE(encodings[0].min_bitrate_bps.has_value());
    EXPECT_GT(*encodings[0].min_bitrate_bps, 0);
    EXPECT_GT(*encodings[0].max_bitrate_bps, *encodings[0].min_bitrate_bps);
  }
  pc->close();
}

}  // namespace
}  // namespace wx::rtc
