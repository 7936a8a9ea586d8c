#pragma once

#include "Example.h"

namespace wx::examples::ping_pong {

// The server half (server.cc).
std::unique_ptr<connections::ExampleSession> beforeOffer(rtc::PeerConnection& pc);
// The native client half (client.cc).
NativeClient nativeClient();

inline Example example() {
  return {"ping-pong",
          "The server opens a data channel named ping-pong and answers every \"ping\" with "
          "\"pong\". The client sends a ping every second and shows each pong with its "
          "round-trip time.",
          beforeOffer, nativeClient()};
}

}  // namespace wx::examples::ping_pong
