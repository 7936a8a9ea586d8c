#include "broadcaster/BroadcastClients.h"

namespace wx::examples::broadcaster {

using namespace std::chrono_literals;

BroadcastSender::BroadcastSender(client::ConnectionClient& client, int width, int height,
                                 Kinds kinds, Signaling signaling)
    : audioClock_(std::make_shared<common::FramePacer>(10ms)),
      videoClock_(std::make_shared<common::FramePacer>(std::chrono::microseconds(33'333))),
      tone_(audioClock_, 1, 440),
      pattern_(videoClock_, width, height) {
  if (signaling == Signaling::Whip) {
    connection_ = client.offer("/whip", [this, kinds](rtc::PeerConnection& pc) {
      if (kinds.audio)
        pc.addTransceiver(rtc::MediaKind::Audio, rtc::Direction::SendOnly)->send(tone_.source());
      if (kinds.video)
        pc.addTransceiver(rtc::MediaKind::Video, rtc::Direction::SendOnly)->send(pattern_.source());
    });
    return;
  }
  connection_ = client.connect([this, kinds](rtc::PeerConnection& pc) {
    // A transceiver given nothing to send stays receive-only in the answer.
    if (kinds.audio) client::transceiverOf(pc, rtc::MediaKind::Audio)->send(tone_.source());
    if (kinds.video) client::transceiverOf(pc, rtc::MediaKind::Video)->send(pattern_.source());
    viewers_.attach(pc);
  });
}

BroadcastViewer::BroadcastViewer(client::ConnectionClient& client, const Options& options) {
  // The same for both signalings, once the transceivers exist.
  const auto receive = [this, &options](const std::shared_ptr<rtc::Transceiver>& audio,
                                        const std::shared_ptr<rtc::Transceiver>& video) {
    if (!options.videoCodecs.empty()) video->setCodecPreferences(options.videoCodecs);
    // Decoding thread.
    seeing_ = video->receiveVideo([this](const rtc::VideoFrame& f) {
      frames_.count(f);
      pictures_.check(f);
    });
    counting_ = video->receiveEncodedVideo(
        [this](const rtc::EncodedVideoFrame& f) { encodedFrames_.count(f); });
    if (!audio) return;
    // Playout thread, every 10 ms: zeros until the first packet.
    hearing_ = audio->receiveAudio([this](const rtc::AudioFrame& f) {
      if (rtc::hasSound(f)) ++soundFrames_;
    });
  };
  if (options.signaling == Signaling::Whip) {
    connection_ = client.offer("/whep", [&](rtc::PeerConnection& pc) {
      std::shared_ptr<rtc::Transceiver> audio;
      if (options.audio) audio = pc.addTransceiver(rtc::MediaKind::Audio, rtc::Direction::RecvOnly);
      receive(audio, pc.addTransceiver(rtc::MediaKind::Video, rtc::Direction::RecvOnly));
    });
    return;
  }
  connection_ = client.connect([&](rtc::PeerConnection& pc) {
    auto audio = client::transceiverOf(pc, rtc::MediaKind::Audio);
    if (!options.audio) audio->setDirection(rtc::Direction::Inactive);
    receive(audio, client::transceiverOf(pc, rtc::MediaKind::Video));
    status_.attach(pc);
  });
}

BroadcastViewer::~BroadcastViewer() {
  connection_.reset();
  seeing_.reset();
  counting_.reset();
  hearing_.reset();
}

}  // namespace wx::examples::broadcaster
