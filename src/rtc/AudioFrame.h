// A view of 16-bit PCM audio, the unit AudioSource takes and AudioSink
// delivers. No libwebrtc types.
#pragma once

#include <algorithm>
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

// Whether any sample of `frame` is not zero. A remote track's sink gets
// exact zeros every 10 ms from when its receiver starts until the peer's
// first packet: those are not audio the peer sent. (A peer's sound is never
// exact zeros for long; a peer that sends digital silence counts as silent.)
inline bool hasSound(const AudioFrame& frame) {
  return std::any_of(frame.samples.begin(), frame.samples.end(),
                     [](int16_t sample) { return sample != 0; });
}

}  // namespace wx::rtc
