// A subscription to what a remote track delivers (Transceiver::receiveAudio,
// receiveVideo). Destroying it detaches: once the destructor returns, its
// handler is not running and never runs again.
#pragma once

namespace wx::rtc {

class MediaSink {
 public:
  virtual ~MediaSink() = default;
};

}  // namespace wx::rtc
