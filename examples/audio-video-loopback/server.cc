// audio-video-loopback, server half: one audio and one video transceiver,
// each sending what it receives.
#include "audio-video-loopback/example.h"

namespace wx::examples::audio_video_loopback {

std::unique_ptr<connections::ExampleSession> beforeOffer(rtc::PeerConnection& pc) {
  for (rtc::MediaKind kind : {rtc::MediaKind::Audio, rtc::MediaKind::Video}) {
    auto transceiver = pc.addTransceiver(kind, rtc::Direction::SendRecv);
    transceiver->forward(*transceiver);
  }
  // Nothing to clean up: the tracks go with the peer connection.
  return nullptr;
}

}  // namespace wx::examples::audio_video_loopback
