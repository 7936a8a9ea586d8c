#include "sine-wave/ToneListener.h"

namespace wx::examples::sine_wave {

ToneListener::ToneListener(client::ConnectionClient& client, const std::string& controlLabel)
    : control_(controlLabel) {
  connection_ = client.connect([this](rtc::PeerConnection& pc) {
    // The audio thread: analyse and return.
    listening_ = client::transceiverOf(pc, rtc::MediaKind::Audio)
                     ->receiveAudio([this](const rtc::AudioFrame& frame) {
                       analyser_.push(frame.samples, frame.channels, frame.sampleRate);
                     });
    control_.attach(pc);
  });
}

ToneListener::~ToneListener() {
  connection_.reset();  // DELETE first, then stop listening
  listening_.reset();
}

}  // namespace wx::examples::sine_wave
