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

#include "rtc/Transceiver.h"

namespace wx::common {

class BroadcastHub {
 public:
  // What a peer receives (a broadcaster) or sends (a viewer).
  struct Media {
    std::shared_ptr<rtc::Transceiver> audio;
    std::shared_ptr<rtc::Transceiver> video;
  };

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
