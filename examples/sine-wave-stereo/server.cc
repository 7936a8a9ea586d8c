// sine-wave-stereo, server half: a stereo sine whose "panning" channel moves
// it between left and right (sine-wave/ToneSession.cc). The encoder sends two
// channels only when the answer asked for stereo=1; otherwise libwebrtc
// mixes them down.
#include "sine-wave-stereo/example.h"
#include "sine-wave/ToneSession.h"
#include "sine-wave/example.h"

namespace wx::examples::sine_wave_stereo {

connections::BeforeOffer beforeOffer(std::shared_ptr<common::FramePacer> audioClock) {
  return [audioClock](rtc::PeerConnection& pc) {
    auto tone = std::make_unique<common::ToneSender>(audioClock, 2, sine_wave::kStartHz);
    tone->setPanning(kStartPanning);
    return sine_wave::startToneSession(pc, std::move(tone),
                                       {"panning", 0, 100, &common::ToneSender::setPanning});
  };
}

}  // namespace wx::examples::sine_wave_stereo
