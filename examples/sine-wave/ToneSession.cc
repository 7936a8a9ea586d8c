#include "sine-wave/ToneSession.h"

#include <spdlog/spdlog.h>

#include "common/ParseNumber.h"

namespace wx::examples::sine_wave {

std::unique_ptr<ToneSession> startToneSession(rtc::PeerConnection& pc,
                                              std::unique_ptr<common::ToneSender> tone,
                                              const ToneControl& control) {
  auto session = std::make_unique<ToneSession>();
  session->tone = std::move(tone);
  pc.addTransceiver(rtc::MediaKind::Audio, rtc::Direction::SendOnly)->send(session->tone->source());
  session->channel = pc.createDataChannel(control.label);
  // Signaling thread. The tone outlives the channel's handler: both go with
  // the session, after the peer connection closed and its callbacks stopped.
  session->channel->onMessage(
      [tone = session->tone.get(), control](const rtc::DataChannelMessage& message) {
        if (auto value = common::parseNumberIn(message.data, control.min, control.max)) {
          (tone->*control.set)(*value);
        } else {
          spdlog::warn("ignored {} '{:.40}': not a number in {}..{}", control.label, message.data,
                       control.min, control.max);
        }
      });
  return session;
}

}  // namespace wx::examples::sine_wave
