// Checks the pictures of a PatternSender after a trip through encoders,
// relays and decoders: reads the frame number PatternSender draws into each
// picture and compares the picture's stripes with what that frame should
// show. A decoder fed a frame whose reference it never had (a relay that
// lost a frame, a viewer that started on a delta frame) shows a picture far
// from the pattern; a relay that reorders frames shows numbers going back.
// A stream (pictures of one size) whose first picture has no black and
// white blocks where the number goes is not the pattern (a browser's
// camera): its pictures are only counted.
// check() runs on a decoding thread; read() on any.
#pragma once

#include <cstdint>
#include <mutex>

#include "rtc/VideoFrame.h"

namespace wx::common {

struct PatternCount {
  uint64_t pictures = 0;    // checked: large enough, with the number's blocks
  uint64_t others = 0;      // of a stream that is not the pattern (not checked)
  uint64_t inOrder = 0;     // numbered one more than the picture before
  uint64_t skipped = 0;     // numbers missing between pictures (frames never shown)
  uint64_t backwards = 0;   // numbered at or before the picture before
  uint64_t bad = 0;         // further from the pattern than kBadError
  double worstError = 0;    // largest mean error of a picture, in luma steps
  uint32_t lastNumber = 0;  // the frame number of the last picture
  bool firstWasGood = false;
};

class PatternCheck {
 public:
  // Mean absolute luma error (0..255) above which a picture is corrupt.
  // Encoding a clean pattern at a few hundred kbit/s stays under 6; a
  // picture decoded from the wrong reference is off by tens.
  static constexpr double kBadError = 16;

  void check(const rtc::VideoFrame& frame);
  PatternCount read() const;

 private:
  mutable std::mutex mutex_;
  PatternCount count_;
  int width_ = 0;  // of the last picture
  int height_ = 0;
  bool isPattern_ = false;
};

}  // namespace wx::common
