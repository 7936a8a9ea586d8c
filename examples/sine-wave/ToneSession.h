// The server half sine-wave and sine-wave-stereo share: a ToneSender on the
// shared 10 ms clock, sent on a send-only audio transceiver, and a data
// channel whose messages set one of the tone's numbers (frequency or
// panning). Anything that is not a number in range is ignored with one log
// line.
#pragma once

#include <memory>
#include <string>

#include "common/ToneSender.h"
#include "connections/WebRtcConnection.h"

namespace wx::examples::sine_wave {

struct ToneControl {
  std::string label;  // the data channel's, and what the log calls the number
  double min;
  double max;
  void (common::ToneSender::*set)(double);  // what a good message sets
};

struct ToneSession : connections::ExampleSession {
  std::unique_ptr<common::ToneSender> tone;
  std::shared_ptr<rtc::DataChannel> channel;
};

// `tone` starts sending at once; `control` retunes it.
std::unique_ptr<ToneSession> startToneSession(rtc::PeerConnection& pc,
                                              std::unique_ptr<common::ToneSender> tone,
                                              const ToneControl& control);

}  // namespace wx::examples::sine_wave
