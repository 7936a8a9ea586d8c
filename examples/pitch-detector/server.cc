// pitch-detector, server half: receive the client's audio, detect its pitch
// on the audio thread, and report it on the "frequency" channel as
// {"frequency": Hz} (null for silence) whenever it changes, checking every
// 200 ms (one analysis window).
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

std::string describe(const common::ToneReading& reading) {
  nlohmann::json message = {{"frequency", nullptr}};
  if (reading.frequency) message["frequency"] = std::round(*reading.frequency * 10) / 10;
  return message.dump();
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
        kReportEveryTicks);
    return session;
  };
}

}  // namespace wx::examples::pitch_detector
