#pragma once

#include "Example.h"

namespace wx::examples::datachannel_buffer_limits {

// The server half (server.cc).
std::unique_ptr<connections::ExampleSession> beforeOffer(rtc::PeerConnection& pc);
// The native client half (client.cc).
NativeClient nativeClient();

// Both halves keep at most this much queued in libwebrtc, refilling when the
// queue drains to kLowWater. libwebrtc closes a channel whose queue passes
// 16 MiB: the seed stalled there.
constexpr uint64_t kHighWater = 1024 * 1024;
constexpr uint64_t kLowWater = 256 * 1024;
// libwebrtc's own max-message-size: no message is bigger. The server sends
// no bigger chunks than the peer accepts either (DataChannel::maxMessageSize),
// however big the "#START" asks for.
constexpr size_t kMaxChunkKiB = 256;
// The original's chunk size when "#START" carries no number.
constexpr uint64_t kDefaultChunkKiB = 64;

inline Example example() {
  return {"datachannel-buffer-limits",
          "The client sends a number of MiB over the data channel datachannel-buffer-limits in "
          "chunks of a chosen size; the server counts them and sends the same amount back. "
          "Both sides respect bufferedAmount, so even 64 MiB completes, and the page shows "
          "upload and download rates in Mbit/s.",
          beforeOffer, nativeClient()};
}

}  // namespace wx::examples::datachannel_buffer_limits
