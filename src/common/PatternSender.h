// A synthetic moving picture sent through a VideoSource: diagonal stripes
// that shift every frame, a square that crosses the picture, and the frame's
// number (16 bits, black and white blocks along the top), in I420, one frame
// per tick of a FramePacer. Native clients send it where a browser would
// send its camera; PatternCheck reads it back.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "common/FramePacer.h"
#include "rtc/VideoSource.h"

namespace wx::common {

// Where the pattern's parts are in a picture of a given size.
class PatternGeometry {
 public:
  static constexpr int kNumberBits = 16;
  static constexpr uint32_t kNumberMask = 0xffff;

  PatternGeometry(int width, int height) : width_(width), height_(height) {}
  // Pictures smaller than 64x48 carry no number.
  bool carriesNumber() const { return width_ >= 64 && height_ >= 48; }
  // The number's band: the top rows, one block per bit, lowest bit left.
  int bandHeight() const { return std::max(8, height_ / 16); }
  int blockWidth() const { return width_ / kNumberBits; }
  int numberRow() const { return bandHeight() / 2; }
  int numberColumn(int bit) const { return bit * blockWidth() + blockWidth() / 2; }
  // Frame n's stripes: luma (column + row + shift) mod 256.
  static int stripeShift(uint64_t n) { return static_cast<int>(n * 4 % 256); }
  int squareSide() const { return std::max(2, height_ / 4); }
  int squareTop() const { return (height_ - squareSide()) / 2; }
  bool inSquareRows(int row) const {
    return row >= squareTop() && row < squareTop() + squareSide();
  }

 private:
  int width_;
  int height_;
};

class PatternSender {
 public:
  PatternSender(std::shared_ptr<FramePacer> pacer, int width, int height);
  ~PatternSender();  // stops ticking before anything else goes
  PatternSender(const PatternSender&) = delete;
  PatternSender& operator=(const PatternSender&) = delete;

  const std::shared_ptr<rtc::VideoSource>& source() const { return source_; }
  // From any thread; the next frame has the new size (even numbers).
  void resize(int width, int height);
  uint64_t framesSent() const { return sent_; }
  // When the frame numbered `number` (as PatternCheck reads it: the low 16
  // bits) was pushed, if it was one of the last kSentTimes frames. Any thread.
  std::optional<std::chrono::steady_clock::time_point> sentAt(uint32_t number) const;

 private:
  void tick();  // on the pacer's thread

  std::shared_ptr<FramePacer> pacer_;
  std::shared_ptr<rtc::VideoSource> source_ = rtc::VideoSource::create();
  std::atomic<uint32_t> size_;  // width << 16 | height
  std::atomic<uint64_t> sent_{0};
  static constexpr size_t kSentTimes = 256;
  struct SentTime {
    std::atomic<uint64_t> frame{~uint64_t{0}};
    std::atomic<int64_t> ticks{0};  // steady_clock's time_since_epoch()
  };
  std::array<SentTime, kSentTimes> sentTimes_;
  std::vector<uint8_t> planes_;
  std::unique_ptr<FramePacer::Subscription> ticking_;  // last: destroyed first
};

}  // namespace wx::common
