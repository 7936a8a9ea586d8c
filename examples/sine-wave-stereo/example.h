#pragma once

#include <memory>

#include "Example.h"
#include "common/FramePacer.h"

namespace wx::examples::sine_wave_stereo {

// The server half (server.cc).
connections::BeforeOffer beforeOffer(std::shared_ptr<common::FramePacer> audioClock);
// The native client half (client.cc).
NativeClient nativeClient();

constexpr double kStartPanning = 50;

inline Example example(std::shared_ptr<common::FramePacer> audioClock) {
  return {"sine-wave-stereo",
          "The same 440 Hz sine in stereo: the client answers with stereo Opus (stereo=1), "
          "and a number from 0 to 100 on the data channel panning moves the tone between "
          "the left (0) and the right (100) channel. The page draws both channels.",
          beforeOffer(std::move(audioClock)), nativeClient()};
}

}  // namespace wx::examples::sine_wave_stereo
