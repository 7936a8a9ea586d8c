#pragma once

#include <memory>

#include "Example.h"
#include "common/BroadcastHub.h"
#include "common/FramePacer.h"

namespace wx::examples::broadcaster {

// The server half (server.cc): goes live on the hub once its audio or video
// arrives.
connections::BeforeOffer beforeOffer(std::shared_ptr<common::BroadcastHub> hub,
                                     std::shared_ptr<common::FramePacer> clock);
// A WHIP publisher's session (server.cc), at /broadcaster/whip: goes live
// the same way, and needs the server's --whip-token when it has one.
connections::BeforeAnswer whipBeforeAnswer(std::shared_ptr<common::BroadcastHub> hub,
                                           std::shared_ptr<common::FramePacer> clock);
// The native client half (client.cc).
NativeClient nativeClient();

inline Example example(std::shared_ptr<common::BroadcastHub> hub,
                       std::shared_ptr<common::FramePacer> clock) {
  return {"broadcaster",
          "Sends your camera and microphone to the server, which relays them to every viewer "
          "(open viewer in other tabs). One broadcast is live at a time: a new broadcaster "
          "replaces the old one for every viewer. The page shows your preview and how many "
          "viewers watch, as the server reports on the data channel viewers. WHIP publishers "
          "(OBS, GStreamer) publish to /broadcaster/whip.",
          beforeOffer(hub, clock),
          nativeClient(),
          nullptr,
          {{"whip", whipBeforeAnswer(hub, clock), true}}};
}

}  // namespace wx::examples::broadcaster
