// Video we make ourselves, sent as a local track: push I420 pictures of any
// size at the pace you want them sent (common/FramePacer). Attach it to a
// video transceiver with Transceiver::send().
//
// push() copies the picture and returns; libwebrtc scales and encodes on
// its own threads. Push from one thread at a time.
#pragma once

#include <memory>

#include "rtc/VideoFrame.h"

namespace wx::rtc {

class VideoSource {
 public:
  static std::shared_ptr<VideoSource> create();
  virtual ~VideoSource() = default;

  // A zero timestamp is replaced by the current time.
  virtual void push(const VideoFrame& frame) = 0;
};

}  // namespace wx::rtc
