// One live broadcast and its viewers, for the broadcaster and viewer
// examples. The broadcaster's peer receives audio and video; every viewer's
// peer sends what that peer receives (Transceiver::forward): the video
// relayed without re-encoding (one relay per broadcast, rtc/VideoRelay.h),
// the audio re-encoded per viewer.
//
// At most one broadcast is live: a new one replaces the old for every viewer
// at once. A viewer who joins with nothing live gets the next broadcast as
// soon as it starts; when a broadcast ends, its viewers stay connected and
// get the next one. One hub per server (made with the examples), never a
// global. Thread-safe; call it from your own threads, not libwebrtc's
// callbacks (forwarding waits for the signaling thread).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "rtc/PeerConnection.h"
#include "rtc/Transceiver.h"

namespace wx::common {

class BroadcastHub {
 public:
  // What a peer receives (a broadcaster) or sends (a viewer).
  struct Media {
    std::shared_ptr<rtc::Transceiver> audio;
    std::shared_ptr<rtc::Transceiver> video;
  };

  // The answering side (WHIP, WHEP): the first audio and the first video
  // transceiver a client's offer made in `pc`, each set to `direction`
  // (either may be null); further sections are left as they are and get
  // nothing.
  static Media offered(rtc::PeerConnection& pc, rtc::Direction direction);

  // Ends the broadcast or the viewing when destroyed.
  class Membership {
   public:
    Membership(std::shared_ptr<BroadcastHub> hub, bool broadcaster, uint64_t id)
        : hub_(std::move(hub)), broadcaster_(broadcaster), id_(id) {}
    ~Membership();
    Membership(const Membership&) = delete;
    Membership& operator=(const Membership&) = delete;

   private:
    std::shared_ptr<BroadcastHub> hub_;
    bool broadcaster_;
    uint64_t id_;
  };

  // Makes `media` the live broadcast; every viewer switches to it.
  [[nodiscard]] static std::unique_ptr<Membership> broadcast(
      const std::shared_ptr<BroadcastHub>& hub, Media media);
  // Adds a viewer; it gets the live broadcast now, if any, and every later one.
  [[nodiscard]] static std::unique_ptr<Membership> watch(const std::shared_ptr<BroadcastHub>& hub,
                                                         Media media);

  // Video codec names for a viewer's transceiver (setCodecPreferences), the
  // live broadcast's own first, so that a viewer who can take it is relayed
  // rather than re-encoded (an H.264 publisher, such as OBS, and browser
  // viewers who would pick VP8); empty when nothing is live or its codec is
  // not known yet. Blocking (asks the signaling thread).
  std::vector<std::string> videoCodecsFor() const;
  // The video codecs a publisher may send: those the relay passes on as
  // they are (VP8 and H.264; VP9 and AV1 frames lack the layer metadata a
  // relayed frame needs).
  static std::vector<std::string> relayableVideoCodecs() { return {"VP8", "H264"}; }

  bool live() const;
  size_t viewers() const;

 private:
  void end(bool broadcaster, uint64_t id);
  static void forward(const Media& viewer, const Media* broadcast);

  mutable std::mutex mutex_;
  uint64_t nextId_ = 1;
  uint64_t liveId_ = 0;
  std::optional<Media> live_;
  std::map<uint64_t, Media> viewers_;
};

}  // namespace wx::common
