// An I420 picture we own (VideoFrame is only a view), and conversions to
// and from 32-bit pixels and between sizes, done by the libyuv that ships
// inside libwebrtc. No libwebrtc types in this header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "rtc/VideoFrame.h"

namespace wx::rtc {

class I420Picture {
 public:
  I420Picture() = default;
  I420Picture(int width, int height) { resize(width, height); }

  // Reallocates only when the size changes; contents are then undefined.
  void resize(int width, int height);
  // A copy of `frame` at its own size.
  void copyFrom(const VideoFrame& frame);

  int width() const { return width_; }
  int height() const { return height_; }
  bool empty() const { return width_ == 0; }
  uint8_t* y() { return pixels_.data(); }
  uint8_t* u() { return y() + lumaSize(); }
  uint8_t* v() { return u() + chromaSize(); }
  const uint8_t* y() const { return pixels_.data(); }
  const uint8_t* u() const { return y() + lumaSize(); }
  const uint8_t* v() const { return u() + chromaSize(); }
  int chromaWidth() const { return (width_ + 1) / 2; }
  int chromaHeight() const { return (height_ + 1) / 2; }

  VideoFrame view(int64_t timestampUs = 0) const;

 private:
  size_t lumaSize() const { return static_cast<size_t>(width_) * height_; }
  size_t chromaSize() const { return static_cast<size_t>(chromaWidth()) * chromaHeight(); }

  int width_ = 0;
  int height_ = 0;
  std::vector<uint8_t> pixels_;
};

// `from` scaled (bilinear) to `to`'s size.
void scale(const VideoFrame& from, I420Picture& to);

// 32-bit pixels as Cairo's CAIRO_FORMAT_ARGB32 keeps them (one native-endian
// 0xAARRGGBB word per pixel: bytes B, G, R, A on this machine).
void toArgb32(const VideoFrame& from, uint8_t* argb, int stride);
void fromArgb32(const uint8_t* argb, int stride, I420Picture& to);  // at to's size

// Bytes R, G, B, A per pixel, as a canvas's ImageData holds them.
void toRgba(const VideoFrame& from, uint8_t* rgba, int stride);
void fromRgba(const uint8_t* rgba, int stride, I420Picture& to);  // at to's size

}  // namespace wx::rtc
