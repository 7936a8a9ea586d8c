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
          "sends it in whole Hz, as a bare number such as 440, on the data channel frequency "
          "five times a second while it hears one, and nothing while it hears silence.",
          beforeOffer(std::move(audioClock)), nativeClient()};
}

}  // namespace wx::examples::pitch_detector
