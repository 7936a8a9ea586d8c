// sine-wave-stereo, server half: a stereo sine whose "panning" channel moves
// it between left and right. The encoder sends two channels only when the
// answer asked for stereo=1; otherwise libwebrtc mixes them down.
#include <spdlog/spdlog.h>

#include "common/ParseNumber.h"
#include "common/ToneSender.h"
#include "sine-wave-stereo/example.h"
#include "sine-wave/example.h"

namespace wx::examples::sine_wave_stereo {
namespace {

struct Session : connections::ExampleSession {
  std::shared_ptr<rtc::DataChannel> channel;
  std::unique_ptr<common::ToneSender> tone;
};

}  // namespace

connections::BeforeOffer beforeOffer(std::shared_ptr<common::FramePacer> audioClock) {
  return [audioClock](rtc::PeerConnection& pc) {
    auto session = std::make_unique<Session>();
    session->tone = std::make_unique<common::ToneSender>(audioClock, 2, sine_wave::kStartHz);
    session->tone->setPanning(kStartPanning);
    pc.addTransceiver(rtc::MediaKind::Audio, rtc::Direction::SendOnly)
        ->send(session->tone->source());
    session->channel = pc.createDataChannel("panning");
    // Signaling thread; see sine-wave/server.cc for the lifetimes.
    session->channel->onMessage([tone = session->tone.get()](const rtc::DataChannelMessage& m) {
      if (auto percent = common::parseNumberIn(m.data, 0, 100)) {
        tone->setPanning(*percent);
      } else {
        spdlog::warn("sine-wave-stereo: ignored panning '{:.40}': not a number in 0..100", m.data);
      }
    });
    return session;
  };
}

}  // namespace wx::examples::sine_wave_stereo
