// Internal: whether anything wants a received video stream's decoded
// pictures, so that the stream's decoder may skip what nobody looks at.
//
// libwebrtc decodes every received video frame, whether or not anything
// subscribes to the pictures. A stream that this server only relays
// (VideoRelay.h: an audio-video-loopback peer's video, a broadcast whose
// viewers all take the relayed frames) needs no pictures: its decoder
// (VideoCodecs.h) skips delta frames while the stream has a relay and no
// picture subscriber, and decodes key frames (they are rare, and an H.264
// key frame's resolution is only known once decoded, which the relay's
// encoded sink waits for). Once a subscriber comes (a re-encoded copy for a
// slow viewer, receiveVideo), the decoder asks the sender for a key frame
// and decodes from there.
//
// Subscribers are counted by the facade objects that subscribe: LibVideoSink
// (Transceiver::receiveVideo), a RelayLink while it re-encodes, and a
// Forwarding::Reencode forward. Anything else that adds a sink to a remote
// video track must hold a Subscription too, or it would see only key
// frames while the track is relayed. All members: any thread (atomics).
#pragma once

#include <atomic>
#include <memory>

namespace wx::rtc {

class PictureDemand : public std::enable_shared_from_this<PictureDemand> {
 public:
  // One subscriber to the stream's pictures while it lives.
  class Subscription {
   public:
    explicit Subscription(std::shared_ptr<PictureDemand> demand) : demand_(std::move(demand)) {
      demand_->subscribers_.fetch_add(1);
    }
    ~Subscription() { demand_->subscribers_.fetch_sub(1); }
    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;

   private:
    const std::shared_ptr<PictureDemand> demand_;
  };

  std::unique_ptr<Subscription> subscribe() {
    return std::make_unique<Subscription>(shared_from_this());
  }
  // VideoRelay's start and end: the stream's frames go somewhere without
  // being decoded.
  void relayStarted() { relays_.fetch_add(1); }
  void relayStopped() { relays_.fetch_sub(1); }

  // The decoder may skip delta frames: the stream is relayed and nothing
  // subscribes to its pictures.
  bool skipDecoding() const { return relays_.load() > 0 && subscribers_.load() == 0; }

 private:
  std::atomic<int> relays_{0};
  std::atomic<int> subscribers_{0};
};

}  // namespace wx::rtc
