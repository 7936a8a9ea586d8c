// pitch-detector, server half: receive the client's audio, detect its pitch
// on the audio thread, and report each 200 ms window on the "frequency"
// channel as {"frequency": Hz} (null for silence).
#include <cmath>
#include <nlohmann/json.hpp>

#include "common/ToneAnalyser.h"
#include "pitch-detector/example.h"

namespace wx::examples::pitch_detector {
namespace {

struct Session : connections::ExampleSession {
  common::ToneAnalyser analyser;
  std::shared_ptr<rtc::DataChannel> channel;
  uint64_t reported = 0;  // windows already sent; pacer thread only
  // Members below go first on destruction: no callback then touches those above.
  std::unique_ptr<rtc::MediaSink> listening;
  std::unique_ptr<common::FramePacer::Subscription> reporting;

  // On the pacer's thread: sending blocks on libwebrtc's signaling thread,
  // which the audio thread must never do, so reports leave from here.
  void report() {
    common::ToneReading reading = analyser.reading();
    if (reading.windows == reported || !channel->isOpen()) return;
    reported = reading.windows;
    nlohmann::json message = {{"frequency", nullptr}};
    if (reading.frequency) message["frequency"] = std::round(*reading.frequency * 10) / 10;
    channel->send(message.dump());
  }
};

}  // namespace

connections::BeforeOffer beforeOffer(std::shared_ptr<common::FramePacer> audioClock) {
  return [audioClock](rtc::PeerConnection& pc) {
    auto session = std::make_unique<Session>();
    auto audio = pc.addTransceiver(rtc::MediaKind::Audio, rtc::Direction::RecvOnly);
    session->channel = pc.createDataChannel("frequency");
    // The audio thread: analyse and return.
    session->listening =
        audio->receiveAudio([analyser = &session->analyser](const rtc::AudioFrame& frame) {
          analyser->push(frame.samples, frame.channels, frame.sampleRate);
        });
    session->reporting = audioClock->subscribe([s = session.get()] { s->report(); });
    return session;
  };
}

}  // namespace wx::examples::pitch_detector
