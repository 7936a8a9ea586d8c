// sine-wave, server half: an audio track carrying a sine, and a "frequency"
// channel that retunes it (ToneSession.cc).
#include "sine-wave/ToneSession.h"
#include "sine-wave/example.h"

namespace wx::examples::sine_wave {

connections::BeforeOffer beforeOffer(std::shared_ptr<common::FramePacer> audioClock) {
  return [audioClock](rtc::PeerConnection& pc) {
    return startToneSession(pc, std::make_unique<common::ToneSender>(audioClock, 1, kStartHz),
                            {"frequency", kMinHz, kMaxHz, &common::ToneSender::setFrequency});
  };
}

}  // namespace wx::examples::sine_wave
