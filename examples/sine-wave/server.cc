// sine-wave, server half: an audio track carrying a sine, and a "frequency"
// channel that retunes it.
#include <spdlog/spdlog.h>

#include "common/ParseNumber.h"
#include "common/ToneSender.h"
#include "sine-wave/example.h"

namespace wx::examples::sine_wave {
namespace {

struct Session : connections::ExampleSession {
  std::shared_ptr<rtc::DataChannel> channel;
  std::unique_ptr<common::ToneSender> tone;
};

}  // namespace

connections::BeforeOffer beforeOffer(std::shared_ptr<common::FramePacer> audioClock) {
  return [audioClock](rtc::PeerConnection& pc) {
    auto session = std::make_unique<Session>();
    session->tone = std::make_unique<common::ToneSender>(audioClock, 1, kStartHz);
    pc.addTransceiver(rtc::MediaKind::Audio, rtc::Direction::SendOnly)
        ->send(session->tone->source());
    session->channel = pc.createDataChannel("frequency");
    // Signaling thread. The tone outlives the channel (both die with the
    // session, after the peer connection closed and its callbacks stopped).
    session->channel->onMessage([tone = session->tone.get()](const rtc::DataChannelMessage& m) {
      if (auto hz = common::parseNumberIn(m.data, kMinHz, kMaxHz)) {
        tone->setFrequency(*hz);
      } else {
        spdlog::warn("sine-wave: ignored frequency '{:.40}': not a number in {}..{} Hz", m.data,
                     kMinHz, kMaxHz);
      }
    });
    return session;
  };
}

}  // namespace wx::examples::sine_wave
