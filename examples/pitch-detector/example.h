#pragma once

#include <memory>

#include "Example.h"
#include "common/FramePacer.h"

namespace wx::examples::pitch_detector {

// The server half (server.cc). The clock paces the reports it sends.
connections::BeforeOffer beforeOffer(std::shared_ptr<common::FramePacer> audioClock);
// The native client half (client.cc).
NativeClient nativeClient();

inline Example example(std::shared_ptr<common::FramePacer> audioClock) {
  return {"pitch-detector",
          "The client sends audio (the page makes a sine with WebAudio at a frequency you "
          "choose); the server decodes it, finds its pitch by counting zero crossings, and "
          "sends {\"frequency\": Hz} as JSON on the data channel frequency whenever it changes, "
          "checking five times a second (null while it hears silence).",
          beforeOffer(std::move(audioClock)), nativeClient()};
}

}  // namespace wx::examples::pitch_detector
