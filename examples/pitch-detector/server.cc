// pitch-detector, server half: receive the client's audio, detect its pitch
// on the audio thread, and report it on the "frequency" channel as the
// original's server.js does: JSON.stringify of the pitch rounded down to
// whole Hz (a bare number such as "440"), each time one is detected, and
// nothing while it hears silence. The original reports after every audio
// frame (100 a second); this server once per 200 ms analysis window.
#include <cmath>
#include <nlohmann/json.hpp>

#include "common/StatusChannel.h"
#include "common/ToneAnalyser.h"
#include "pitch-detector/example.h"

namespace wx::examples::pitch_detector {
namespace {

constexpr int kReportEveryTicks = 20;  // of the 10 ms clock: once a window

struct Session : connections::ExampleSession {
  common::ToneAnalyser analyser;
  // Members below go first on destruction: no callback then touches those above.
  std::unique_ptr<rtc::MediaSink> listening;
  std::unique_ptr<common::StatusChannel> reporting;
};

// "440" for 440.7 Hz; "" (send nothing) for silence.
std::string describe(const common::ToneReading& reading) {
  if (!reading.frequency) return "";
  return nlohmann::json(static_cast<long long>(std::floor(*reading.frequency))).dump();
}

}  // namespace

connections::BeforeOffer beforeOffer(std::shared_ptr<common::FramePacer> audioClock) {
  return [audioClock](rtc::PeerConnection& pc) {
    auto session = std::make_unique<Session>();
    auto audio = pc.addTransceiver(rtc::MediaKind::Audio, rtc::Direction::RecvOnly);
    // The audio thread: analyse and return. Sending waits for libwebrtc's
    // signaling thread, which the audio thread must never do: reports leave
    // from the clock's thread (StatusChannel).
    session->listening =
        audio->receiveAudio([analyser = &session->analyser](const rtc::AudioFrame& frame) {
          analyser->push(frame.samples, frame.channels, frame.sampleRate);
        });
    session->reporting = std::make_unique<common::StatusChannel>(
        audioClock, pc.createDataChannel("frequency"),
        [analyser = &session->analyser] { return describe(analyser->reading()); },
        kReportEveryTicks, common::StatusChannel::Repeat::Always);
    return session;
  };
}

}  // namespace wx::examples::pitch_detector
