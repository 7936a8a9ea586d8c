// Internal (includes libwebrtc): the field trials our peer connections run
// with. libwebrtc reads its experiments through this interface.
#pragma once

#include "api/field_trials_view.h"

namespace wx::rtc {

// Turns on the trials below and otherwise answers as libwebrtc's default
// does (from the process-wide trial string, empty unless someone set it).
//
// WebRTC-SendPacketsOnWorkerThread: the paced sender and the RTP send
// controller run on the worker thread (our network thread, see Factory.cc)
// instead of two task queues per peer.
// Every sent packet reports back to the worker thread, so on queues of their
// own each audio packet woke the worker once (1,000 wake-ups a second at 20
// streams). Later libwebrtc releases made this the default.
class FieldTrials : public ::webrtc::FieldTrialsView {
 public:
  std::string Lookup(absl::string_view key) const override;
};

}  // namespace wx::rtc
