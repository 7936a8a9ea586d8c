// ping-pong, server half: one data channel; every text "ping" gets a text
// "pong". Nothing else is answered (a binary "ping" neither), as in the
// original's server.js.
#include "ping-pong/example.h"

namespace wx::examples::ping_pong {
namespace {

// Keeps the channel alive for as long as the connection lives; closing the
// connection destroys it, which is all the cleanup this example needs.
struct Session : connections::ExampleSession {
  std::shared_ptr<rtc::DataChannel> channel;
};

}  // namespace

std::unique_ptr<connections::ExampleSession> beforeOffer(rtc::PeerConnection& pc) {
  auto session = std::make_unique<Session>();
  session->channel = pc.createDataChannel("ping-pong");
  // Runs on libwebrtc's signaling thread; sending is quick, so we answer here.
  // A weak pointer: the channel must not own itself through its handler.
  session->channel->onMessage(
      [weak = std::weak_ptr(session->channel)](const rtc::DataChannelMessage& message) {
        if (message.binary || message.data != "ping") return;
        if (auto channel = weak.lock()) channel->send("pong");
      });
  return session;
}

}  // namespace wx::examples::ping_pong
