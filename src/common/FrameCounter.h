// Counts the pictures a video sink delivers (on a decoding thread) and lets
// another thread read how many came, their size, and whether they change.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>

#include "rtc/VideoFrame.h"

namespace wx::common {

struct FrameCount {
  uint64_t frames = 0;
  int width = 0;  // of the last picture
  int height = 0;
};

class FrameCounter {
 public:
  // From the decoding thread.
  void count(const rtc::VideoFrame& frame) {
    std::lock_guard lock(mutex_);
    ++count_.frames;
    count_.width = frame.width;
    count_.height = frame.height;
  }
  FrameCount read() const {
    std::lock_guard lock(mutex_);
    return count_;
  }
  // Frames per second over `window`, counted from now.
  double measureFps(std::chrono::milliseconds window) const;

 private:
  mutable std::mutex mutex_;
  FrameCount count_;
};

}  // namespace wx::common
