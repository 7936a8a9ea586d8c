// A view of 16-bit PCM audio, the unit AudioSource takes and AudioSink
// delivers. No libwebrtc types.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace wx::rtc {

struct AudioFrame {
  int sampleRate = 48000;
  int channels = 1;                  // 1 or 2
  size_t frames = 0;                 // samples per channel (480 for 10 ms at 48 kHz)
  std::span<const int16_t> samples;  // interleaved: frames × channels values
};

}  // namespace wx::rtc
