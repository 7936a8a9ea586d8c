// viewer, server half: send the live broadcast (whatever it is, now and
// later) and say on the "broadcast" channel whether one is live.
#include "common/StatusChannel.h"
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
    session->watching = common::BroadcastHub::watch(
        hub, {pc.addTransceiver(rtc::MediaKind::Audio, rtc::Direction::SendOnly),
              pc.addTransceiver(rtc::MediaKind::Video, rtc::Direction::SendOnly)});
    session->status = std::make_unique<common::StatusChannel>(
        clock, pc.createDataChannel("broadcast"),
        [hub] { return std::string(hub->live() ? "live" : "waiting"); }, kCheckEveryTicks);
    return session;
  };
}

}  // namespace wx::examples::viewer
