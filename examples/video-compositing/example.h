#pragma once

#include <memory>

#include "Example.h"
#include "common/FramePacer.h"

namespace wx::examples::video_compositing {

// The server half (server.cc); the clock ticks at the output frame rate.
connections::BeforeOffer beforeOffer(std::shared_ptr<common::FramePacer> videoClock);
// The native client half (client.cc).
NativeClient nativeClient();

inline Example example(std::shared_ptr<common::FramePacer> videoClock) {
  return {"video-compositing",
          "The server receives your video and sends back 640x480 at about 30 fps: the latest "
          "frame it received scaled into the picture (a white background fading in until one "
          "arrives) with a spinning, colour-cycling \"webrtc-examples\" drawn over it with "
          "Cairo. The page shows your camera and the result side by side.",
          beforeOffer(std::move(videoClock)), nativeClient()};
}

}  // namespace wx::examples::video_compositing
