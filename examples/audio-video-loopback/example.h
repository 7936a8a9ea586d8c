#pragma once

#include "Example.h"

namespace wx::examples::audio_video_loopback {

// The server half (server.cc).
std::unique_ptr<connections::ExampleSession> beforeOffer(rtc::PeerConnection& pc);
// The native client half (client.cc).
NativeClient nativeClient();

inline Example example() {
  return {"audio-video-loopback",
          "The server sends back the audio and video it receives, on the same transceivers: "
          "the video as your browser encoded it (relayed, not decoded), the audio re-encoded. "
          "The page shows your camera and what comes back side by side.",
          beforeOffer, nativeClient()};
}

}  // namespace wx::examples::audio_video_loopback
