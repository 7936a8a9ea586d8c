// Audio we make ourselves, sent as a local track: push 10 ms frames of
// 16-bit PCM (48 kHz, 1 or 2 channels) at real-time pace (common/FramePacer
// does the pacing). Attach it to a transceiver with Transceiver::send().
//
// libwebrtc encodes pushed frames on its own encoder queue, so push() is
// quick. Push from one thread at a time.
#pragma once

#include <memory>

#include "rtc/AudioFrame.h"

namespace wx::rtc {

class AudioSource {
 public:
  static std::shared_ptr<AudioSource> create();
  virtual ~AudioSource() = default;

  // Hands the frame to every track sending this source; does nothing while
  // none does (before negotiation, after close).
  virtual void push(const AudioFrame& frame) = 0;
};

}  // namespace wx::rtc
