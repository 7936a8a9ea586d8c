// viewer, server half: send the live broadcast (whatever it is, now and
// later) and say on the "broadcast" channel whether one is live. A WHEP
// player (draft-ietf-wish-whep: it offers, we answer) watches the same way,
// without the channel.
#include "common/StatusChannel.h"
#include "connections/ConnectionError.h"
#include "rtc/Sdp.h"
#include "viewer/example.h"

namespace wx::examples::viewer {
namespace {

constexpr int kCheckEveryTicks = 15;  // of the 30 fps clock: twice a second

struct Session : connections::ExampleSession {
  std::unique_ptr<common::BroadcastHub::Membership> watching;
  std::unique_ptr<common::StatusChannel> status;  // last: stops first
};

}  // namespace

connections::BeforeOffer beforeOffer(std::shared_ptr<common::BroadcastHub> hub,
                                     std::shared_ptr<common::FramePacer> clock) {
  return [hub, clock](rtc::PeerConnection& pc) {
    auto session = std::make_unique<Session>();
    common::BroadcastHub::Media media{
        pc.addTransceiver(rtc::MediaKind::Audio, rtc::Direction::SendOnly),
        pc.addTransceiver(rtc::MediaKind::Video, rtc::Direction::SendOnly)};
    if (auto codecs = hub->videoCodecsFor(); !codecs.empty()) {
      media.video->setCodecPreferences(codecs);
    }
    session->watching = common::BroadcastHub::watch(hub, std::move(media));
    session->status = std::make_unique<common::StatusChannel>(
        clock, pc.createDataChannel("broadcast"),
        [hub] { return std::string(hub->live() ? "live" : "waiting"); }, kCheckEveryTicks);
    return session;
  };
}

connections::BeforeAnswer whepBeforeAnswer(std::shared_ptr<common::BroadcastHub> hub) {
  return [hub](rtc::PeerConnection& pc) {
    // Send-only before the answer, so that a player who joins before any
    // broadcast is live still gets the next one without renegotiating.
    common::BroadcastHub::Media media = common::BroadcastHub::offered(pc, rtc::Direction::SendOnly);
    if (!media.audio && !media.video) {
      throw connections::ConnectionError(connections::ConnectionError::Kind::BadInput,
                                         "the offer has no audio or video to receive");
    }
    auto session = std::make_unique<Session>();
    session->watching = common::BroadcastHub::watch(hub, std::move(media));
    return session;
  };
}

std::string whepPreferBroadcastCodec(const common::BroadcastHub& hub, const std::string& offer) {
  // We send with the first codec of the player's list that we take; a
  // browser lists VP8 first, so without this a player of an H.264
  // broadcast (OBS) would get a re-encoded copy.
  std::vector<std::string> codecs = hub.videoCodecsFor();
  return codecs.empty() ? offer : rtc::preferCodec(offer, "video", codecs.front());
}

}  // namespace wx::examples::viewer
