// Counts the pictures a video sink delivers (on a decoding thread) and lets
// another thread read how many came, their size, and whether they change.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <vector>

#include "rtc/VideoFrame.h"

namespace wx::common {

struct FrameCount {
  uint64_t frames = 0;
  int width = 0;  // of the last picture (encoded: of the last key frame)
  int height = 0;
  uint64_t keyFrames = 0;  // encoded frames only
  uint64_t bytes = 0;      // encoded frames only
  bool firstWasKey = false;
  std::chrono::steady_clock::time_point first;  // when the first frame came
};

class FrameCounter {
 public:
  // From the decoding thread.
  void count(const rtc::VideoFrame& frame) {
    std::lock_guard lock(mutex_);
    if (count_.frames++ == 0) count_.first = std::chrono::steady_clock::now();
    count_.width = frame.width;
    count_.height = frame.height;
    counted_.notify_all();
  }
  // The same for an encoded frame (Transceiver::receiveEncodedVideo).
  void count(const rtc::EncodedVideoFrame& frame) {
    std::lock_guard lock(mutex_);
    if (count_.frames++ == 0) {
      count_.firstWasKey = frame.keyFrame;
      count_.first = std::chrono::steady_clock::now();
    }
    count_.bytes += frame.bytes;
    if (frame.keyFrame) {
      ++count_.keyFrames;
      count_.width = frame.width;
      count_.height = frame.height;
    }
    counted_.notify_all();
  }
  // Waits up to `timeout` until at least `frames` pictures came.
  bool waitForFrames(uint64_t frames, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    return counted_.wait_for(lock, timeout, [&] { return count_.frames >= frames; });
  }
  FrameCount read() const {
    std::lock_guard lock(mutex_);
    return count_;
  }
  // Frames per second over `window`, counted from now.
  double measureFps(std::chrono::milliseconds window) const;

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable counted_;
  FrameCount count_;
};

// Each counter's frames per second over the same `window`, counted from now.
std::vector<double> measureFps(const std::vector<const FrameCounter*>& counters,
                               std::chrono::milliseconds window);

}  // namespace wx::common
