// A view of one I420 picture, the unit VideoSource takes and a video sink
// delivers. No libwebrtc types.
#pragma once

#include <cstddef>
#include <cstdint>

namespace wx::rtc {

struct VideoFrame {
  int width = 0;
  int height = 0;
  int64_t timestampUs = 0;  // capture time, on libwebrtc's monotonic clock
  // Planes: Y is width × height; U and V are (width+1)/2 × (height+1)/2.
  const uint8_t* y = nullptr;
  const uint8_t* u = nullptr;
  const uint8_t* v = nullptr;
  int strideY = 0;
  int strideU = 0;
  int strideV = 0;
};

// One received encoded video frame, as a receiver hands it to its decoder.
struct EncodedVideoFrame {
  size_t bytes = 0;
  bool keyFrame = false;
  // The picture size a key frame carries; 0 on other frames.
  int width = 0;
  int height = 0;
  const char* codec = "";  // libwebrtc's name: "VP8", "VP9", "H264", "AV1", "Generic"
};

}  // namespace wx::rtc
