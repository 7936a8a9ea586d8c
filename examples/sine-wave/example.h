#pragma once

#include <memory>

#include "Example.h"
#include "common/FramePacer.h"

namespace wx::examples::sine_wave {

// The server half (server.cc): a ToneSender on the shared 10 ms clock.
connections::BeforeOffer beforeOffer(std::shared_ptr<common::FramePacer> audioClock);
// The native client half (client.cc).
NativeClient nativeClient();

constexpr double kStartHz = 440;
// Frequencies the "frequency" channel accepts: up to Nyquist at 48 kHz.
constexpr double kMinHz = 1;
constexpr double kMaxHz = 24000;

inline Example example(std::shared_ptr<common::FramePacer> audioClock) {
  return {"sine-wave",
          "The server sends a 440 Hz sine as a mono audio track (48 kHz, one 10 ms frame "
          "every 10 ms) and listens on a data channel named frequency: a number sent there "
          "changes the tone. The page plays the audio, draws its waveform and shows the "
          "pitch it detects.",
          beforeOffer(std::move(audioClock)), nativeClient()};
}

}  // namespace wx::examples::sine_wave
