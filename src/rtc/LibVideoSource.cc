#include "rtc/LibVideoSource.h"

#include <algorithm>

#include "api/video/i420_buffer.h"
#include "rtc_base/time_utils.h"

namespace wx::rtc {

std::shared_ptr<VideoSource> VideoSource::create() { return std::make_shared<LibVideoSource>(); }

LibVideoSource::LibVideoSource() : native_(::rtc::make_ref_counted<PushTrackSource>()) {}

void LibVideoSource::push(const VideoFrame& frame) {
  if (frame.width <= 0 || frame.height <= 0 || !frame.y || !frame.u || !frame.v) return;
  auto buffer = ::webrtc::I420Buffer::Copy(frame.width, frame.height, frame.y, frame.strideY,
                                           frame.u, frame.strideU, frame.v, frame.strideV);
  native_->deliver(
      ::webrtc::VideoFrame::Builder()
          .set_video_frame_buffer(buffer)
          .set_timestamp_us(frame.timestampUs ? frame.timestampUs : ::rtc::TimeMicros())
          .build());
}

void PushTrackSource::AddOrUpdateSink(Sink* sink, const ::rtc::VideoSinkWants&) {
  std::lock_guard lock(mutex_);
  if (std::find(sinks_.begin(), sinks_.end(), sink) == sinks_.end()) sinks_.push_back(sink);
}

void PushTrackSource::RemoveSink(Sink* sink) {
  std::lock_guard lock(mutex_);
  std::erase(sinks_, sink);
}

void PushTrackSource::deliver(const ::webrtc::VideoFrame& frame) {
  std::lock_guard lock(mutex_);
  for (Sink* sink : sinks_) sink->OnFrame(frame);
}

}  // namespace wx::rtc
