// broadcaster, server half: receive audio and video, and make them the live
// broadcast once media of either kind really arrives (a broadcaster that
// never connects must not blank every viewer's screen; one with a
// microphone and no camera, or the reverse, is live with what it has).
// Tells the broadcaster how many viewers watch on the "viewers" channel.
#include <atomic>

#include "broadcaster/example.h"
#include "common/StatusChannel.h"

namespace wx::examples::broadcaster {
namespace {

constexpr int kCheckEveryTicks = 15;  // of the 30 fps clock: twice a second

struct Session : connections::ExampleSession {
  std::shared_ptr<common::BroadcastHub> hub;
  common::BroadcastHub::Media media;
  std::atomic<bool> mediaArrived{false};
  std::unique_ptr<common::BroadcastHub::Membership> live;  // clock thread only
  // Members below go first on destruction: no callback then touches those above.
  std::unique_ptr<rtc::MediaSink> watchingForAudio;
  std::unique_ptr<rtc::MediaSink> watchingForVideo;
  std::unique_ptr<common::StatusChannel> status;
};

}  // namespace

connections::BeforeOffer beforeOffer(std::shared_ptr<common::BroadcastHub> hub,
                                     std::shared_ptr<common::FramePacer> clock) {
  return [hub, clock](rtc::PeerConnection& pc) {
    auto session = std::make_unique<Session>();
    session->hub = hub;
    session->media = {pc.addTransceiver(rtc::MediaKind::Audio, rtc::Direction::RecvOnly),
                      pc.addTransceiver(rtc::MediaKind::Video, rtc::Direction::RecvOnly)};
    // The audio and decoding threads: only note it; going live waits for
    // the signaling thread, so the clock's thread does it. Viewers get both
    // kinds forwarded either way: a kind that never arrives sends nothing.
    session->watchingForAudio =
        session->media.audio->receiveAudio([s = session.get()](const rtc::AudioFrame& f) {
          if (rtc::hasSound(f)) s->mediaArrived = true;  // zeros until the first packet
        });
    session->watchingForVideo = session->media.video->receiveVideo(
        [s = session.get()](const rtc::VideoFrame&) { s->mediaArrived = true; });
    session->status = std::make_unique<common::StatusChannel>(
        clock, pc.createDataChannel("viewers"),
        [s = session.get()] {
          if (!s->live && s->mediaArrived)
            s->live = common::BroadcastHub::broadcast(s->hub, s->media);
          return std::to_string(s->hub->viewers());
        },
        kCheckEveryTicks);
    return session;
  };
}

}  // namespace wx::examples::broadcaster
