#pragma once

#include <memory>

#include "Example.h"
#include "common/BroadcastHub.h"
#include "common/FramePacer.h"

namespace wx::examples::viewer {

// The server half (server.cc).
connections::BeforeOffer beforeOffer(std::shared_ptr<common::BroadcastHub> hub,
                                     std::shared_ptr<common::FramePacer> clock);
// A WHEP player's session (server.cc), at /viewer/whep.
connections::BeforeAnswer whepBeforeAnswer(std::shared_ptr<common::BroadcastHub> hub);
// A WHEP player's offer with the live broadcast's video codec first, so
// that we send it that one where it can take it (server.cc).
std::string whepPreferBroadcastCodec(const common::BroadcastHub& hub, const std::string& offer);
// The native client half (client.cc).
NativeClient nativeClient();

inline Example example(std::shared_ptr<common::BroadcastHub> hub,
                       std::shared_ptr<common::FramePacer> clock) {
  return {"viewer",
          "Watches the live broadcast (see broadcaster). Join before anyone broadcasts and the "
          "picture appears as soon as a broadcast starts; when it ends you stay connected for "
          "the next one. The server says \"live\" or \"waiting\" on the data channel broadcast. "
          "WHEP players play the same broadcast from /viewer/whep.",
          beforeOffer(hub, std::move(clock)),
          nativeClient(),
          nullptr,
          {{"whep", whepBeforeAnswer(hub), false,
            [hub](const std::string& offer) { return whepPreferBroadcastCodec(*hub, offer); }}}};
}

}  // namespace wx::examples::viewer
