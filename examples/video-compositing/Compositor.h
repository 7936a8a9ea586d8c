// Draws video-compositing's pictures: the latest received frame scaled into
// 640x480 (a white background fading in while none has arrived), with the
// project's name spinning and cycling through the hues on top, drawn with
// Cairo. Not thread-safe: one compositor per stream, used on one thread.
#pragma once

#include <cairo.h>

#include <memory>

#include "rtc/I420Picture.h"

namespace wx::examples::video_compositing {

class Compositor {
 public:
  static constexpr int kWidth = 640;
  static constexpr int kHeight = 480;

  Compositor();
  ~Compositor();
  Compositor(const Compositor&) = delete;
  Compositor& operator=(const Compositor&) = delete;

  // The picture at `seconds` since the stream began; `received` may be null.
  const rtc::I420Picture& draw(const rtc::VideoFrame* received, double seconds);

 private:
  cairo_surface_t* surface_;
  cairo_t* cairo_;
  rtc::I420Picture scaled_{kWidth, kHeight};
  rtc::I420Picture output_{kWidth, kHeight};
};

}  // namespace wx::examples::video_compositing
