#include "broadcaster/BroadcastClients.h"

namespace wx::examples::broadcaster {

using namespace std::chrono_literals;

BroadcastSender::BroadcastSender(client::ConnectionClient& client, int width, int height)
    : audioClock_(std::make_shared<common::FramePacer>(10ms)),
      videoClock_(std::make_shared<common::FramePacer>(std::chrono::microseconds(33'333))),
      tone_(audioClock_, 1, 440),
      pattern_(videoClock_, width, height) {
  connection_ = client.connect([this](rtc::PeerConnection& pc) {
    auto audio = client::transceiverOf(pc, rtc::MediaKind::Audio);
    audio->send(tone_.source());
    auto video = client::transceiverOf(pc, rtc::MediaKind::Video);
    video->send(pattern_.source());
    viewers_.attach(pc);
  });
}

BroadcastViewer::BroadcastViewer(client::ConnectionClient& client) {
  connection_ = client.connect([this](rtc::PeerConnection& pc) {
    seeing_ = client::transceiverOf(pc, rtc::MediaKind::Video)
                  ->receiveVideo([this](const rtc::VideoFrame& f) { frames_.count(f); });
    status_.attach(pc);
  });
}

BroadcastViewer::~BroadcastViewer() {
  connection_.reset();
  seeing_.reset();
}

}  // namespace wx::examples::broadcaster
