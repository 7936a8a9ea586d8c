// A synthetic moving picture sent through a VideoSource: diagonal stripes
// that shift every frame and a square that crosses the picture, in I420, one
// frame per tick of a FramePacer. Native clients send it where a browser
// would send its camera.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "common/FramePacer.h"
#include "rtc/VideoSource.h"

namespace wx::common {

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

 private:
  void tick();  // on the pacer's thread

  std::shared_ptr<FramePacer> pacer_;
  std::shared_ptr<rtc::VideoSource> source_ = rtc::VideoSource::create();
  std::atomic<uint32_t> size_;  // width << 16 | height
  std::atomic<uint64_t> sent_{0};
  std::vector<uint8_t> planes_;
  std::unique_ptr<FramePacer::Subscription> ticking_;  // last: destroyed first
};

}  // namespace wx::common
