// broadcaster, server half: receive audio and video, and make them the live
// broadcast once media of either kind really arrives (a broadcaster that
// never connects must not blank every viewer's screen; one with a
// microphone and no camera, or the reverse, is live with what it has).
// Tells the broadcaster how many viewers watch on the "viewers" channel.
// A WHIP publisher (RFC 9725: it offers, we answer) goes live the same way;
// WHIP has no channel to tell it anything on.
#include <algorithm>
#include <atomic>

#include "broadcaster/example.h"
#include "common/StatusChannel.h"
#include "connections/ConnectionError.h"
#include "rtc/Sdp.h"

namespace wx::examples::broadcaster {
namespace {

constexpr int kCheckEveryTicks = 15;  // of the 30 fps clock: twice a second

// What every broadcaster's session has, however it connected.
struct Publisher : connections::ExampleSession {
  std::shared_ptr<common::BroadcastHub> hub;
  common::BroadcastHub::Media media;
  std::atomic<bool> mediaArrived{false};
  std::unique_ptr<common::BroadcastHub::Membership> live;  // clock thread only
  // Members below go first on destruction: no callback then touches those above.
  std::unique_ptr<rtc::MediaSink> watchingForAudio;
  std::unique_ptr<rtc::MediaSink> watchingForVideo;

  Publisher(std::shared_ptr<common::BroadcastHub> h, common::BroadcastHub::Media m)
      : hub(std::move(h)), media(std::move(m)) {
    // The audio and decoding threads: only note it; going live waits for
    // the signaling thread, so the clock's thread does it. Viewers get both
    // kinds forwarded either way: a kind that never arrives sends nothing.
    if (media.audio) {
      watchingForAudio = media.audio->receiveAudio([this](const rtc::AudioFrame& f) {
        if (rtc::hasSound(f)) mediaArrived = true;  // zeros until the first packet
      });
    }
    if (media.video) {
      watchingForVideo =
          media.video->receiveVideo([this](const rtc::VideoFrame&) { mediaArrived = true; });
    }
  }

  // On the clock's thread: goes live once media came. The pictures are not
  // needed after that: while subscribed to, the server would decode a
  // broadcast that its viewers get relayed (rtc::Forwarding::Relay).
  void check() {
    if (live || !mediaArrived) return;
    live = common::BroadcastHub::broadcast(hub, media);
    watchingForVideo.reset();
  }
};

// This project's broadcaster: it answers our offer and hears the viewer count.
struct Session : Publisher {
  using Publisher::Publisher;
  std::unique_ptr<common::StatusChannel> status;  // last: stops first
};

// A WHIP publisher.
struct WhipSession : Publisher {
  using Publisher::Publisher;
  std::unique_ptr<common::FramePacer::Subscription> checking;  // last: stops first
};

}  // namespace

connections::BeforeOffer beforeOffer(std::shared_ptr<common::BroadcastHub> hub,
                                     std::shared_ptr<common::FramePacer> clock) {
  return [hub, clock](rtc::PeerConnection& pc) {
    auto session = std::make_unique<Session>(
        hub, common::BroadcastHub::Media{
                 pc.addTransceiver(rtc::MediaKind::Audio, rtc::Direction::RecvOnly),
                 pc.addTransceiver(rtc::MediaKind::Video, rtc::Direction::RecvOnly)});
    session->status = std::make_unique<common::StatusChannel>(
        clock, pc.createDataChannel("viewers"),
        [s = session.get()] {
          s->check();
          return std::to_string(s->hub->viewers());
        },
        kCheckEveryTicks);
    return session;
  };
}

connections::BeforeAnswer whipBeforeAnswer(std::shared_ptr<common::BroadcastHub> hub,
                                           std::shared_ptr<common::FramePacer> clock) {
  return [hub, clock](rtc::PeerConnection& pc) {
    common::BroadcastHub::Media media = common::BroadcastHub::offered(pc, rtc::Direction::RecvOnly);
    // Only what viewers can be relayed. RFC 9725 4.4: refuse the offer
    // rather than reject one of its sections.
    if (media.video) {
      const std::vector<std::string> relayable = common::BroadcastHub::relayableVideoCodecs();
      const std::string offer = pc.remoteDescription().value().sdp;
      if (std::none_of(relayable.begin(), relayable.end(),
                       [&](const std::string& codec) { return rtc::hasCodec(offer, codec); })) {
        throw connections::ConnectionError(
            connections::ConnectionError::Kind::BadInput,
            "the offer's video has no codec the relay passes on (VP8, H264)");
      }
      media.video->setCodecPreferences(relayable);
    }
    if (!media.audio && !media.video) {
      throw connections::ConnectionError(connections::ConnectionError::Kind::BadInput,
                                         "the offer has no audio or video to publish");
    }
    auto session = std::make_unique<WhipSession>(hub, std::move(media));
    int ticks = 0;
    session->checking = clock->subscribe([s = session.get(), ticks]() mutable {
      if (++ticks % kCheckEveryTicks == 0) s->check();
    });
    return session;
  };
}

}  // namespace wx::examples::broadcaster
