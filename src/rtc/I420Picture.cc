#include "rtc/I420Picture.h"

#include "third_party/libyuv/include/libyuv/convert.h"
#include "third_party/libyuv/include/libyuv/convert_argb.h"
#include "third_party/libyuv/include/libyuv/convert_from_argb.h"
#include "third_party/libyuv/include/libyuv/planar_functions.h"
#include "third_party/libyuv/include/libyuv/scale.h"

namespace wx::rtc {

void I420Picture::resize(int width, int height) {
  if (width == width_ && height == height_) return;
  width_ = width;
  height_ = height;
  pixels_.resize(lumaSize() + 2 * chromaSize());
}

void I420Picture::copyFrom(const VideoFrame& frame) {
  resize(frame.width, frame.height);
  libyuv::I420Copy(frame.y, frame.strideY, frame.u, frame.strideU, frame.v, frame.strideV, y(),
                   width_, u(), chromaWidth(), v(), chromaWidth(), width_, height_);
}

VideoFrame I420Picture::view(int64_t timestampUs) const {
  auto* self = const_cast<I420Picture*>(this);
  return {width_,    height_, timestampUs,   self->y(),    self->u(),
          self->v(), width_,  chromaWidth(), chromaWidth()};
}

void scale(const VideoFrame& from, I420Picture& to) {
  libyuv::I420Scale(from.y, from.strideY, from.u, from.strideU, from.v, from.strideV, from.width,
                    from.height, to.y(), to.width(), to.u(), to.chromaWidth(), to.v(),
                    to.chromaWidth(), to.width(), to.height(), libyuv::kFilterBilinear);
}

// libyuv names formats by their word order, little-endian: its "ARGB" is
// Cairo's ARGB32 (bytes B, G, R, A) and its "ABGR" is bytes R, G, B, A.
void toArgb32(const VideoFrame& from, uint8_t* argb, int stride) {
  libyuv::I420ToARGB(from.y, from.strideY, from.u, from.strideU, from.v, from.strideV, argb, stride,
                     from.width, from.height);
}

void fromArgb32(const uint8_t* argb, int stride, I420Picture& to) {
  libyuv::ARGBToI420(argb, stride, to.y(), to.width(), to.u(), to.chromaWidth(), to.v(),
                     to.chromaWidth(), to.width(), to.height());
}

void toRgba(const VideoFrame& from, uint8_t* rgba, int stride) {
  libyuv::I420ToABGR(from.y, from.strideY, from.u, from.strideU, from.v, from.strideV, rgba, stride,
                     from.width, from.height);
}

void fromRgba(const uint8_t* rgba, int stride, I420Picture& to) {
  libyuv::ABGRToI420(rgba, stride, to.y(), to.width(), to.u(), to.chromaWidth(), to.v(),
                     to.chromaWidth(), to.width(), to.height());
}

}  // namespace wx::rtc
