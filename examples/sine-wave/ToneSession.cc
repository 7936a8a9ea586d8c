#include "sine-wave/ToneSession.h"

#include <spdlog/spdlog.h>

#include <optional>
#include <utility>

#include "common/Log.h"
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
  // Bad input is logged once per connection (escaped), then ignored quietly.
  session->channel->onMessage([tone = session->tone.get(), control,
                               warned = false](const rtc::DataChannelMessage& message) mutable {
    // Binary is what parseFloat reads as "[object ArrayBuffer]": NaN.
    auto value = message.binary ? std::nullopt
                                : common::parseNumberIn(message.data, control.min, control.max);
    if (value) {
      (tone->*control.set)(*value);
    } else if (!std::exchange(warned, true)) {
      spdlog::warn("ignored {} '{}': not a number in {}..{} (further ones are not logged)",
                   control.label, common::escapeForLog(message.data), control.min, control.max);
    }
  });
  return session;
}

}  // namespace wx::examples::sine_wave
